from django.urls import path

from . import views

urlpatterns = [
    path("learning/", views.my_learning, name="my_learning"),
    path("learning/courses/", views.catalogue, name="learning_catalogue"),
    path("learning/courses/<int:course_id>/enroll/", views.course_enroll, name="course_enroll"),
    path("learning/team/", views.team_learning, name="team_learning"),
    path("learning/team/certifications.csv", views.team_export, name="team_export"),
    path("learning/<int:enrollment_id>/", views.course_take, name="course_take"),
    path(
        "learning/<int:enrollment_id>/modules/<int:module_id>/",
        views.module_view,
        name="module_view",
    ),
    path(
        "learning/<int:enrollment_id>/modules/<int:module_id>/complete/",
        views.module_complete,
        name="module_complete",
    ),
    path(
        "learning/<int:enrollment_id>/modules/<int:module_id>/attempts/",
        views.quiz_start,
        name="quiz_start",
    ),
    path(
        "learning/<int:enrollment_id>/modules/<int:module_id>/scorm/",
        views.scorm_commit,
        name="scorm_commit",
    ),
    path(
        "learning/<int:enrollment_id>/modules/<int:module_id>/document/",
        views.document_download,
        name="document_download",
    ),
    path("learning/attempts/<int:attempt_id>/", views.quiz_attempt, name="quiz_attempt"),
    path(
        "learning/certifications/<int:award_id>/certificate.pdf",
        views.certificate_download,
        name="certificate_download",
    ),
]
