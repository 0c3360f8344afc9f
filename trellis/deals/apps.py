from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "trellis.deals"
    label = "deals"
    verbose_name = "Deal registration"

    def ready(self) -> None:
        from trellis.core.events import describe

        from .choices import EVENT_LABELS

        describe(EVENT_LABELS)
        from . import pending  # noqa: F401  (registers what the homes list)
