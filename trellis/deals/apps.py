from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "trellis.deals"
    label = "deals"
    verbose_name = "Deal registration"

    def ready(self) -> None:
        from . import pending  # noqa: F401  (registers what the homes list)
