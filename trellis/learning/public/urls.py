from django.urls import path

from . import packages, views

urlpatterns = [
    path("certificates/verify/", views.certificate_check, name="certificate_check"),
    path("certificates/verify/<str:code>/", views.certificate_verify, name="certificate_verify"),
    path("learning/packages/<str:token>/<path:path>", packages.scorm_file, name="scorm_file"),
]
