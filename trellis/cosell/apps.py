from django.apps import AppConfig


class CosellConfig(AppConfig):
    name = "trellis.cosell"
    label = "cosell"
    verbose_name = "Co-selling and account mapping"
