from django.urls import path

from . import bundles, co_selling, matchmaking, views

urlpatterns = [
    path("partners/<int:partner_id>/mapping/", views.partner_mapping, name="partner_mapping"),
    path("opportunities/", views.opportunities, name="opportunities"),
    path(
        "opportunities/<int:opportunity_id>/", views.opportunity_detail, name="opportunity_detail"
    ),
    path(
        "opportunities/<int:opportunity_id>/invite/",
        co_selling.cosell_invite_partner,
        name="cosell_invite_partner",
    ),
    path("partners/match/", matchmaking.partner_match, name="partner_match"),
    path("introductions/", matchmaking.introduction_list, name="introduction_list"),
    path(
        "introductions/<int:introduction_id>/",
        matchmaking.introduction_detail,
        name="introduction_detail",
    ),
    path(
        "introductions/<int:introduction_id>/<slug:action>/",
        matchmaking.introduction_action,
        name="introduction_action",
    ),
    path("bundles/", bundles.bundle_catalogue, name="bundle_catalogue"),
    path("bundles/new/", bundles.bundle_new, name="bundle_new"),
    path("bundles/<int:bundle_id>/", bundles.bundle_detail, name="bundle_detail"),
    path("bundles/<int:bundle_id>/edit/", bundles.bundle_edit, name="bundle_edit"),
    path("bundles/<int:bundle_id>/<slug:action>/", bundles.bundle_action, name="bundle_action"),
    path("cosell/", co_selling.cosell_list, name="cosell_list"),
    path("cosell/<int:cosell_id>/", co_selling.cosell_detail, name="cosell_detail"),
    path("cosell/<int:cosell_id>/<slug:action>/", co_selling.cosell_action, name="cosell_action"),
]
