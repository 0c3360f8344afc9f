from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "trellis.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from trellis.core.events import describe

        describe(
            {
                "member.joined": _("Joined the team"),
                "member.deactivated": _("Access switched off"),
                "member.reactivated": _("Access switched on again"),
                "member.roles_changed": _("Roles changed"),
                "invitation.created": _("Colleague invited"),
                "invitation.revoked": _("Invitation withdrawn"),
                "token.created": _("API token created"),
                "token.revoked": _("API token revoked"),
                "staff.created": _("Vendor user created"),
                "staff.joined": _("Joined the vendor's staff"),
                "staff.roles_changed": _("Staff roles changed"),
                "staff.deactivated": _("Staff access switched off"),
                "staff.reactivated": _("Staff access switched on again"),
            }
        )
        from trellis.core import directory

        from . import selectors

        directory.provide(
            staff_user_ids=selectors.staff_user_ids,
            staff_users=selectors.staff_users,
            partner_members=selectors.partner_members,
            partner_member_count=selectors.partner_member_count,
        )
