from django.apps import AppConfig


class LeadsConfig(AppConfig):
    name = "trellis.leads"
    label = "leads"
    verbose_name = "Leads"

    def ready(self) -> None:
        from . import pending  # noqa: F401  (registers what the homes list)
