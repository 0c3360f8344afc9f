from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_log, name="audit_log"),
    path("settings/", views.settings_hub, name="settings"),
    path("exchange-rates/", views.exchange_rates, name="exchange_rates"),
]
