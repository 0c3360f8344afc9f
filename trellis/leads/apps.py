from django.apps import AppConfig


class LeadsConfig(AppConfig):
    name = "trellis.leads"
    label = "leads"
    verbose_name = "Leads"

    def ready(self) -> None:
        from trellis.core.events import describe, read_notes

        from . import reasons
        from .choices import EVENT_LABELS

        describe(EVENT_LABELS)
        read_notes(["lead.routed", "lead.assigned"], reasons.words)
        from . import pending  # noqa: F401  (registers what the homes list)
