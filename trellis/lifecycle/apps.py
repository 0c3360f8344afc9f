from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    name = "trellis.lifecycle"
    label = "lifecycle"
    verbose_name = "Partner lifecycle"

    def ready(self) -> None:
        from trellis.core.events import describe

        from .choices import EVENT_LABELS

        describe(EVENT_LABELS)
