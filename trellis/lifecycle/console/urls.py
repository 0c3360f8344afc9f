from django.urls import path

from . import recruitment

urlpatterns = [
    path("applications/", recruitment.application_list, name="application_list"),
    path(
        "applications/<int:application_id>/",
        recruitment.application_detail,
        name="application_detail",
    ),
    path("settings/ideal-partner-profile/", recruitment.ideal_profile, name="ideal_profile"),
]
