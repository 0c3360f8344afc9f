from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "trellis.deals"
    label = "deals"
    verbose_name = "Deal registration"
