from django.apps import AppConfig


class LeadsConfig(AppConfig):
    name = "trellis.leads"
    label = "leads"
    verbose_name = "Leads"
