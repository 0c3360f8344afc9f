from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "trellis.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from .events import describe

        describe(
            {
                "exchange_rates.imported": _("Exchange rates imported"),
                "calendar.changed": _("Business hours changed"),
            }
        )
