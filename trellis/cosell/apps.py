from django.apps import AppConfig


class CosellConfig(AppConfig):
    name = "trellis.cosell"
    label = "cosell"
    verbose_name = "Co-selling and account mapping"

    def ready(self) -> None:
        from trellis.core.events import describe

        from .choices import EVENT_LABELS

        describe(EVENT_LABELS)
        from . import pending  # noqa: F401  (registers what the homes list)
