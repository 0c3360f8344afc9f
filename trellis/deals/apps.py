from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "trellis.deals"
    label = "deals"
    verbose_name = "Deal registration"

    def ready(self) -> None:
        from trellis.core.event_changes import read_values
        from trellis.core.events import describe, read_notes

        from .choices import EVENT_LABELS
        from .reasons import all_words, note_words

        describe(EVENT_LABELS)
        read_values("reasons", lambda stored: " ".join(all_words(stored)))
        read_notes(["deal.approved"], note_words)
        from . import pending  # noqa: F401  (registers what the homes list)
