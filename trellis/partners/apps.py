from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "trellis.partners"
    label = "partners"
    verbose_name = "Partners"
