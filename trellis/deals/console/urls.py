from django.urls import path

from . import family, rules, views

urlpatterns = [
    path("deals/queue/", views.queue, name="deal_queue"),
    path("deals/queue/approve/", views.bulk_approve, name="deal_bulk_approve"),
    path("deals/", views.deal_list, name="deal_list"),
    path("deals/export.csv", views.deal_export, name="deal_export"),
    path("deals/<int:deal_id>/", views.deal_detail, name="deal_detail"),
    path("deals/<int:deal_id>/approve/", views.deal_approve, name="deal_approve"),
    path("deals/<int:deal_id>/reject/", views.deal_reject, name="deal_reject"),
    path("deals/<int:deal_id>/request-info/", views.deal_request_info, name="deal_request_info"),
    path("deals/<int:deal_id>/reopen/", views.deal_reopen, name="deal_reopen"),
    path("deals/<int:deal_id>/extend/", views.deal_extend, name="deal_extend"),
    path("deals/<int:deal_id>/reverse/", views.deal_reverse, name="deal_reverse"),
    path("deals/<int:deal_id>/family/", family.deal_family, name="deal_family"),
    path("conflicts/", views.conflict_log, name="conflict_log"),
    path("appeals/<int:appeal_id>/", views.appeal_detail, name="appeal_detail"),
    path("settings/programs/<int:program_id>/rules/", rules.program_rules, name="program_rules"),
]
