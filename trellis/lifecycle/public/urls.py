from django.urls import path

from . import export, views

urlpatterns = [
    path("apply/", views.apply, name="partner_apply"),
    path("partner-data/<str:token>/", export.partner_export, name="partner_export"),
]
