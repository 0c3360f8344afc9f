from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "trellis.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from trellis.core import directory

        from . import selectors

        directory.provide(
            staff_user_ids=selectors.staff_user_ids,
            staff_users=selectors.staff_users,
            partner_members=selectors.partner_members,
            partner_member_count=selectors.partner_member_count,
        )
