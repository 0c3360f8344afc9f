from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "trellis.customers"
    label = "customers"
    verbose_name = "Customers"
