from django.urls import path

from . import views

urlpatterns = [
    path("certificates/verify/", views.certificate_check, name="certificate_check"),
    path("certificates/verify/<str:code>/", views.certificate_verify, name="certificate_verify"),
]
