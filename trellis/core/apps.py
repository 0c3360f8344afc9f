from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "trellis.core"
    label = "core"
    verbose_name = "Core"
