from django.urls import path

from . import views

urlpatterns = [
    path("leads/", views.lead_list, name="lead_list"),
    path("leads/<int:lead_id>/", views.lead_detail, name="lead_detail"),
    path("leads/<int:lead_id>/<str:action>/", views.lead_action, name="lead_action"),
]
