"""TOTP enrolment is required for vendor admins when the deployment asks for it."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client, override_settings
from django.urls import reverse

from tests.fixtures import PASSWORD, World, login

pytestmark = pytest.mark.django_db


@override_settings(TRELLIS_REQUIRE_MFA_FOR_ADMINS=True)
def test_admin_without_totp_is_sent_to_enrol_before_the_console(world: World) -> None:
    client = Client()
    client.post(reverse("account_login"), {"login": "admin@vendor.test", "password": PASSWORD})
    response = client.get(reverse("console:partner_directory"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before showing the TOTP secret.
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(
        reverse("account_reauthenticate")
    )
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert "secret" in client.get(reverse("mfa_activate_totp")).content.decode().lower()
    Authenticator.objects.create(
        user=world.admin, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    assert client.get(reverse("console:partner_directory")).status_code == 200


@override_settings(TRELLIS_REQUIRE_MFA_FOR_ADMINS=True)
def test_other_roles_are_not_forced_to_enrol(world: World) -> None:
    assert login(Client(), world.cm).get(reverse("console:partner_directory")).status_code == 200
    assert login(Client(), world.a_admin).get(reverse("portal:home")).status_code == 200


def test_without_the_setting_admins_are_not_forced(world: World) -> None:
    assert login(Client(), world.admin).get(reverse("console:partner_directory")).status_code == 200
