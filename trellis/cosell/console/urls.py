from django.urls import path

from . import views

urlpatterns = [
    path("partners/<int:partner_id>/mapping/", views.partner_mapping, name="partner_mapping")
]
