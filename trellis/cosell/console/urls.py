from django.urls import path

from . import views

urlpatterns = [
    path("partners/<int:partner_id>/mapping/", views.partner_mapping, name="partner_mapping"),
    path("opportunities/", views.opportunities, name="opportunities"),
    path(
        "opportunities/<int:opportunity_id>/", views.opportunity_detail, name="opportunity_detail"
    ),
]
