from django.apps import AppConfig


class CosellConfig(AppConfig):
    name = "trellis.cosell"
    label = "cosell"
    verbose_name = "Co-selling and account mapping"

    def ready(self) -> None:
        from . import pending  # noqa: F401  (registers what the homes list)
