from django.urls import path

from . import views

urlpatterns = [
    path("settings/staff/", views.staff_list, name="staff_list"),
    path("settings/staff/<int:user_id>/", views.staff_detail, name="staff_detail"),
    path("settings/staff/<int:user_id>/access/", views.staff_access, name="staff_access"),
    path(
        "settings/staff/invitations/<int:invitation_id>/revoke/",
        views.staff_invitation_revoke,
        name="staff_invitation_revoke",
    ),
]
