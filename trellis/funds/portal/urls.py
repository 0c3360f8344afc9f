from django.urls import path

from . import views

urlpatterns = [
    path("funds/", views.funds_home, name="mdf"),
    path("funds/new/", views.request_new, name="mdf_new"),
    path("funds/requests/<int:request_id>/", views.request_detail, name="mdf_request"),
    path("funds/proofs/<int:proof_id>/", views.proof_file, name="mdf_proof"),
]
