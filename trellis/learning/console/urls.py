from django.urls import path

from . import views

urlpatterns = [
    path("learning/", views.learning_catalogue, name="learning_catalogue"),
    path("learning/certifications/", views.certification_density, name="certification_density"),
]
