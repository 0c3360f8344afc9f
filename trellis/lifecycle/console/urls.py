from django.urls import path

from . import journeys, offboarding, onboarding, prospects, recruitment, tiers

urlpatterns = [
    path("onboarding/", onboarding.onboarding_overview, name="onboarding_overview"),
    path(
        "partners/<int:partner_id>/onboarding/",
        onboarding.partner_onboarding,
        name="partner_onboarding",
    ),
    path(
        "partners/<int:partner_id>/onboarding/steps/<int:step_id>/",
        onboarding.onboarding_step_close,
        name="onboarding_step_close",
    ),
    path(
        "partners/<int:partner_id>/onboarding/documents/<int:document_id>/",
        onboarding.document_review,
        name="document_review",
    ),
    path(
        "partners/<int:partner_id>/onboarding/documents/<int:document_id>/file/",
        onboarding.document_file,
        name="document_file",
    ),
    path(
        "partners/<int:partner_id>/offboarding/",
        offboarding.partner_offboarding,
        name="partner_offboarding",
    ),
    path("settings/journeys/", journeys.journey_list, name="journey_list"),
    path("settings/journeys/<int:journey_id>/", journeys.journey_detail, name="journey_detail"),
    path(
        "settings/journeys/<int:journey_id>/steps/<int:step_id>/remove/",
        journeys.journey_step_remove,
        name="journey_step_remove",
    ),
    path("tiers/", tiers.tier_overview, name="tier_overview"),
    path("tiers/<int:program_id>/", tiers.tier_program, name="tier_program"),
    path("tiers/<int:program_id>/evaluate/", tiers.tier_run, name="tier_run"),
    path(
        "partners/<int:partner_id>/tier-status/",
        tiers.partner_tier_status,
        name="partner_tier_status",
    ),
    path(
        "partners/<int:partner_id>/tier-status/overrides/<int:override_id>/end/",
        tiers.tier_override_end,
        name="tier_override_end",
    ),
    path("applications/", recruitment.application_list, name="application_list"),
    path(
        "applications/<int:application_id>/",
        recruitment.application_detail,
        name="application_detail",
    ),
    path("applications/prospects/", prospects.prospect_list_index, name="prospect_lists"),
    path("applications/prospects/<int:list_id>/", prospects.prospect_list, name="prospect_list"),
    path(
        "applications/prospects/<int:list_id>/rescore/",
        prospects.prospect_list_rescore,
        name="prospect_list_rescore",
    ),
    path(
        "applications/prospects/<int:list_id>/export/",
        prospects.prospect_list_export,
        name="prospect_list_export",
    ),
    path("settings/ideal-partner-profile/", recruitment.ideal_profile, name="ideal_profile"),
    path(
        "settings/ideal-partner-profile/train/",
        recruitment.fit_model_train,
        name="fit_model_train",
    ),
]
