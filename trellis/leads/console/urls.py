from django.urls import path

from . import routing_settings, views

urlpatterns = [
    path("leads/", views.lead_queue, name="lead_queue"),
    path("leads/new/", views.lead_new, name="lead_new"),
    path("leads/funnel/", views.lead_funnel, name="lead_funnel"),
    path("leads/import/", views.lead_import, name="lead_import"),
    path("leads/forms/", views.web_forms, name="web_forms"),
    path("leads/forms/new/", views.web_form_edit, name="web_form_new"),
    path("leads/forms/<int:form_id>/", views.web_form_edit, name="web_form_edit"),
    path("leads/routing-runs/", views.routing_runs, name="routing_runs"),
    path("leads/routing-runs/<int:run_id>/", views.routing_run, name="routing_run"),
    path("leads/<int:lead_id>/", views.lead_detail, name="lead_detail"),
    path("leads/<int:lead_id>/assign/", views.lead_assign, name="lead_assign"),
    path("leads/<int:lead_id>/reroute/", views.lead_reroute, name="lead_reroute"),
    path(
        "settings/programs/<int:program_id>/routing/",
        routing_settings.program_routing,
        name="program_routing",
    ),
]
