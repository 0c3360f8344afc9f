from django.urls import path

from . import calendars, programs, views

urlpatterns = [
    path("partners/", views.partner_directory, name="partner_directory"),
    path("partners/<int:partner_id>/", views.partner_detail, name="partner_detail"),
    path("partners/<int:partner_id>/edit/", views.partner_edit, name="partner_edit"),
    path("partners/<int:partner_id>/status/", views.partner_status, name="partner_status"),
    path("partners/<int:partner_id>/tier/", views.partner_tier, name="partner_tier"),
    path("settings/programs/", programs.program_list, name="program_list"),
    path("settings/programs/new/", programs.program_new, name="program_new"),
    path("settings/programs/<int:program_id>/", programs.program_detail, name="program_detail"),
    path("settings/programs/<int:program_id>/tiers/new/", programs.tier_new, name="tier_new"),
    path(
        "settings/programs/<int:program_id>/tiers/<int:tier_id>/",
        programs.tier_edit,
        name="tier_edit",
    ),
    path(
        "settings/programs/<int:program_id>/tiers/<int:tier_id>/delete/",
        programs.tier_delete,
        name="tier_delete",
    ),
    path("settings/business-hours/", calendars.business_hours, name="business_hours"),
    path(
        "settings/business-hours/<slug:region>/",
        calendars.business_hours_edit,
        name="business_hours_edit",
    ),
    path("settings/specializations/", programs.specialization_list, name="specialization_list"),
    path(
        "settings/specializations/new/",
        programs.specialization_new,
        name="specialization_new",
    ),
    path(
        "settings/specializations/<int:specialization_id>/",
        programs.specialization_edit,
        name="specialization_edit",
    ),
]
