from django.urls import path

from . import views

urlpatterns = [
    path("leads/", views.lead_list, name="lead_list"),
    path("leads/<int:lead_id>/", views.lead_detail, name="lead_detail"),
    path("leads/<int:lead_id>/accept/", views.lead_accept, name="lead_accept"),
    path("leads/<int:lead_id>/decline/", views.lead_decline, name="lead_decline"),
    path("leads/<int:lead_id>/update/", views.lead_update, name="lead_update"),
    path("leads/<int:lead_id>/convert/", views.lead_convert, name="lead_convert"),
    path("leads/<int:lead_id>/return/", views.lead_return, name="lead_return"),
]
