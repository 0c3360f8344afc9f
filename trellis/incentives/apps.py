from django.apps import AppConfig


class IncentivesConfig(AppConfig):
    name = "trellis.incentives"
    label = "incentives"
    verbose_name = "Partner incentives"

    def ready(self) -> None:
        from trellis.core.events import describe

        from .choices import EVENT_LABELS

        describe(EVENT_LABELS)
