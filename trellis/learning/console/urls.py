from django.urls import path

from . import editing, views

urlpatterns = [
    path("learning/", views.learning_catalogue, name="learning_catalogue"),
    path("learning/certifications/", views.certification_density, name="certification_density"),
    path("learning/courses/new/", editing.course_new, name="course_new"),
    path("learning/courses/<int:course_id>/", editing.course_detail, name="course_detail"),
    path("learning/versions/<int:version_id>/", editing.version_edit, name="version_edit"),
]
