"""Concurrent writers cannot break the people invariants (real threads, real connections)."""

from __future__ import annotations

import pytest

from tests.fixtures import World, _user
from tests.races import race
from trellis.accounts import services
from trellis.accounts.models import Invitation, RoleGrant, User
from trellis.core.exceptions import DomainError

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_admins_demoting_each_other_at_once_leave_one_admin(world: World) -> None:
    second = _user("ada@alpha.test", ["partner_admin"], world.partner_a)
    first_actor, second_actor = world.actor(world.a_admin), world.actor(second)
    results = race(
        [
            lambda: services.member_set_roles(
                actor=first_actor, member=second, roles=["partner_sales"]
            ),
            lambda: services.member_set_roles(
                actor=second_actor, member=world.a_admin, roles=["partner_sales"]
            ),
        ]
    )
    assert sum(isinstance(r, DomainError) for r in results) == 1
    admins = RoleGrant.objects.filter(
        partner=world.partner_a, role="partner_admin", user__is_active=True
    )
    assert admins.count() == 1


def test_simultaneous_invitations_to_one_address_leave_one_open_link(world: World) -> None:
    actor = world.actor(world.a_admin)
    results = race(
        [
            lambda: services.invitation_create(
                actor=actor,
                partner=world.partner_a,
                email="twin@alpha.test",
                roles=["partner_sales"],
            )
            for _ in range(4)
        ]
    )
    open_links = Invitation.objects.filter(
        email="twin@alpha.test", accepted_at__isnull=True, revoked_at__isnull=True
    )
    assert open_links.count() == 1
    assert all(not isinstance(r, Exception) or isinstance(r, DomainError) for r in results)


def test_one_invitation_link_accepted_twice_at_once_creates_one_user(world: World) -> None:
    from django.core import mail

    services.invitation_create(
        actor=world.actor(world.a_admin),
        partner=world.partner_a,
        email="once@alpha.test",
        roles=["partner_sales"],
    )
    token = str(mail.outbox[-1].body).split("/invite/")[1].split("/")[0]
    race(
        [
            lambda: services.invitation_accept(raw_token=token, password="a-long-passphrase-9")
            for _ in range(3)
        ]
    )
    assert User.objects.filter(email="once@alpha.test").count() == 1


def test_two_console_admins_demoting_each_other_at_once_leave_one_admin(world: World) -> None:
    from trellis.accounts.services import staff

    second = _user("second-admin@vendor.test", ["admin"])
    first_actor, second_actor = world.actor(world.admin), world.actor(second)
    results = race(
        [
            lambda: staff.staff_set_roles(actor=first_actor, user=second, roles=["analyst"]),
            lambda: staff.staff_set_roles(actor=second_actor, user=world.admin, roles=["analyst"]),
        ]
    )
    assert sum(isinstance(r, DomainError) for r in results) == 1
    admins = RoleGrant.objects.filter(partner__isnull=True, role="admin", user__is_active=True)
    assert admins.count() == 1


def test_two_console_admins_switching_each_other_off_at_once_leave_one_active(
    world: World,
) -> None:
    from trellis.accounts.services import staff

    second = _user("other-admin@vendor.test", ["admin"])
    first_actor, second_actor = world.actor(world.admin), world.actor(second)
    results = race(
        [
            lambda: staff.staff_set_active(actor=first_actor, user=second, active=False),
            lambda: staff.staff_set_active(actor=second_actor, user=world.admin, active=False),
        ]
    )
    assert sum(isinstance(r, DomainError) for r in results) == 1
    assert (
        User.objects.filter(partner__isnull=True, is_active=True, role_grants__role="admin").count()
        == 1
    )
