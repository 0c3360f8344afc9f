from django.urls import path

from . import views

urlpatterns = [
    path("partners/", views.partner_directory, name="partner_directory"),
    path("partners/<int:partner_id>/", views.partner_detail, name="partner_detail"),
    path("partners/<int:partner_id>/edit/", views.partner_edit, name="partner_edit"),
    path("partners/<int:partner_id>/status/", views.partner_status, name="partner_status"),
    path("partners/<int:partner_id>/tier/", views.partner_tier, name="partner_tier"),
]
