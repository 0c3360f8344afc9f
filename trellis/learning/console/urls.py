from django.urls import path

from . import editing, partner, paths, views

urlpatterns = [
    path("learning/", views.learning_catalogue, name="learning_catalogue"),
    path("learning/certifications/", views.certification_density, name="certification_density"),
    path(
        "learning/certifications.csv",
        views.certifications_export,
        name="certifications_export",
    ),
    path("learning/completions.csv", views.completions_export, name="completions_export"),
    path("learning/courses/new/", editing.course_new, name="course_new"),
    path("learning/courses/<int:course_id>/", editing.course_detail, name="course_detail"),
    path("learning/versions/<int:version_id>/", editing.version_edit, name="version_edit"),
    path(
        "learning/courses/<int:course_id>/certification/",
        paths.exam_certification,
        name="exam_certification",
    ),
    path("learning/partners/<int:partner_id>/", partner.partner_learning, name="partner_learning"),
    path("learning/paths/new/", paths.path_new, name="path_new"),
    path("learning/paths/<int:path_id>/", paths.path_edit, name="path_edit"),
]
