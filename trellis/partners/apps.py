from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "trellis.partners"
    label = "partners"
    verbose_name = "Partners"

    def ready(self) -> None:
        from trellis.core.events import describe

        from .choices import EVENT_LABELS

        describe(EVENT_LABELS)
