from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "trellis.customers"
    label = "customers"
    verbose_name = "Customers"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from trellis.core.events import describe

        describe(
            {
                "customer.created": _("Customer account created"),
                "account.parent_changed": _("Parent company recorded"),
            }
        )
