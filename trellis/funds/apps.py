from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "trellis.funds"
    label = "funds"
    verbose_name = "Marketing funds"

    def ready(self) -> None:
        from trellis.core.events import describe

        from .choices import EVENT_LABELS

        describe(EVENT_LABELS)
