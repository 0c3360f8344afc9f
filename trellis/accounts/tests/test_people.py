"""Invitations, roles, deactivation, suspension and tokens."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.fixtures import PASSWORD, ApiClient, World, login
from trellis.accounts import services
from trellis.accounts.actors import actor_for_user
from trellis.accounts.models import Invitation, RoleGrant, User
from trellis.core.exceptions import Conflict, PermissionDenied
from trellis.core.models import DomainEvent
from trellis.partners.services import partner_set_status

pytestmark = pytest.mark.django_db


def _invite(world: World, email: str = "new@alpha.test") -> str:
    services.invitation_create(
        actor=world.actor(world.a_admin),
        partner=world.partner_a,
        email=email,
        roles=["partner_sales"],
    )
    message = mail.outbox[-1]
    assert message.to == [email]
    match = re.search(r"/invite/([\w-]+)/", str(message.body))
    assert match, message.body
    return match.group(1)


def test_partner_admin_invites_a_colleague_who_joins_with_the_invited_roles(world: World) -> None:
    token = _invite(world)
    assert "Alpha Systems" in mail.outbox[-1].subject
    client = Client()
    page = client.get(reverse("invitation_accept", args=[token]))
    assert page.status_code == 200 and "Alpha Systems" in page.content.decode()
    response = client.post(
        reverse("invitation_accept", args=[token]),
        {
            "full_name": "Nina New",
            "password1": "a-long-passphrase-9",
            "password2": "a-long-passphrase-9",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@alpha.test")
    assert user.partner == world.partner_a
    assert [g.role for g in user.role_grants.all()] == ["partner_sales"]
    assert DomainEvent.objects.filter(verb="member.joined", object_id=str(user.pk)).exists()


def test_invitation_link_works_once(world: World) -> None:
    token = _invite(world)
    services.invitation_accept(raw_token=token, password="a-long-passphrase-9")
    response = Client().get(reverse("invitation_accept", args=[token]))
    assert response.status_code == 409
    assert "already been used" in response.content.decode()


def test_expired_invitation_is_refused(world: World) -> None:
    token = _invite(world)
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(Conflict, match="expired"):
        services.invitation_accept(raw_token=token, password="a-long-passphrase-9")
    assert not User.objects.filter(email="new@alpha.test").exists()


def test_sales_user_cannot_invite(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            actor=world.actor(world.a_sales),
            partner=world.partner_a,
            email="x@alpha.test",
            roles=["partner_admin"],
        )
    assert not Invitation.objects.exists()


def test_weak_password_is_rejected_with_reason_and_nothing_created(world: World) -> None:
    token = _invite(world)
    response = Client().post(
        reverse("invitation_accept", args=[token]),
        {"full_name": "N", "password1": "12345678", "password2": "12345678"},
    )
    assert response.status_code == 200
    assert (
        "too common" in response.content.decode() or "entirely numeric" in response.content.decode()
    )
    assert not User.objects.filter(email="new@alpha.test").exists()


def test_deactivated_user_is_refused_on_the_next_request_in_browser_and_api(world: World) -> None:
    client = login(Client(), world.a_sales)
    api = ApiClient(world.a_sales)
    assert client.get(reverse("portal:home")).status_code == 200
    assert api.get("/api/v1/me").status_code == 200
    services.member_deactivate(actor=world.actor(world.a_admin), member=world.a_sales)
    assert client.get(reverse("portal:home")).status_code == 302  # to sign-in
    assert api.get("/api/v1/me").status_code == 401


def test_users_of_a_partner_being_offboarded_are_refused_on_the_next_request(world: World) -> None:
    client = login(Client(), world.a_admin)
    api = ApiClient(world.a_admin)
    partner_set_status(
        actor=world.actor(world.admin), partner=world.partner_a, status="offboarding"
    )
    assert client.get(reverse("portal:home")).status_code == 302
    response = api.get("/api/v1/me")
    assert response.status_code == 401 and response["Content-Type"] == "application/problem+json"


def test_users_of_a_suspended_partner_may_read_but_not_change(world: World) -> None:
    client = login(Client(), world.a_admin)
    api = ApiClient(world.a_admin)
    partner_set_status(actor=world.actor(world.admin), partner=world.partner_a, status="suspended")
    assert client.get(reverse("portal:home")).status_code == 200
    assert api.get("/api/v1/me").status_code == 200
    assert api.post("/api/v1/enrollments", {"course": 1}).status_code == 403


def test_last_partner_admin_cannot_be_removed(world: World) -> None:
    with pytest.raises(Conflict):
        services.member_set_roles(
            actor=world.actor(world.cm), member=world.a_admin, roles=["partner_sales"]
        )
    with pytest.raises(Conflict):
        services.member_deactivate(actor=world.actor(world.cm), member=world.a_admin)


def test_team_page_changes_roles_and_audits(world: World) -> None:
    client = login(Client(), world.a_admin)
    client.post(
        reverse("portal:member_roles", args=[world.a_sales.pk]),
        {"roles": ["partner_sales", "partner_finance"]},
    )
    event = DomainEvent.objects.get(verb="member.roles_changed")
    assert event.before == {"roles": ["partner_sales"]}
    assert event.after == {"roles": ["partner_finance", "partner_sales"]}


def test_failed_sign_ins_are_throttled_even_for_the_right_password(world: World) -> None:
    client = Client()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "anna@alpha.test", "password": "wrong"})
    response = client.post(
        reverse("account_login"), {"login": "anna@alpha.test", "password": PASSWORD}
    )
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_sign_in_with_email_and_password(world: World) -> None:
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "ANNA@alpha.test", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/")["Location"] == reverse("portal:home")


def test_password_reset_email_goes_through_the_outbox(world: World) -> None:
    Client().post(reverse("account_reset_password"), {"email": "anna@alpha.test"})
    assert mail.outbox and mail.outbox[-1].to == ["anna@alpha.test"]
    from trellis.core.models import OutboundEmail

    assert OutboundEmail.objects.filter(to="anna@alpha.test", sent_at__isnull=False).exists()


def test_tokens_are_shown_once_stored_hashed_and_revocable(world: World) -> None:
    client = login(Client(), world.a_admin)
    response = client.post(reverse("tokens"), {"name": "CRM sync"})
    raw = re.search(r"(trl_[\w-]+)", response.content.decode()).group(1)  # type: ignore[union-attr]
    token = world.a_admin.api_tokens.get()
    assert raw not in token.token_hash and token.prefix == raw[:12]
    assert raw not in client.get(reverse("tokens")).content.decode()
    client.post(reverse("token_revoke", args=[token.pk]))
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_token_command_prints_a_working_token(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("token", "create", "cm@vendor.test", "--name", "script")
    raw = capsys.readouterr().out.strip()
    me = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert me["email"] == "cm@vendor.test" and me["kind"] == "staff"


def test_a_token_acts_with_exactly_its_users_roles(world: World) -> None:
    # The token, its user and their roles come back in one statement, one row per role.
    RoleGrant.objects.create(user=world.cm, role="partner_ops")
    RoleGrant.objects.create(user=world.a_admin, role="partner_sales", partner=world.partner_a)
    expected = {
        world.cm: {"channel_manager", "partner_ops"},
        world.a_admin: {"partner_admin", "partner_sales"},
        world.a_sales: {"partner_sales"},
    }
    for user, roles in expected.items():
        actor = services.api_actor_for_token(
            services.token_create_for_email(email=user.email, name="roles").raw
        )
        assert actor is not None and actor.roles == roles == actor_for_user(user).roles
    # A staff account without any role may not use the API at all.
    raw = services.token_create_for_email(email=world.analyst.email, name="none").raw
    RoleGrant.objects.filter(user=world.analyst).delete()
    assert services.api_actor_for_token(raw) is None
