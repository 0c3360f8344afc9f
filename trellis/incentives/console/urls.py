from django.urls import path

from . import disputes, rules, statements

urlpatterns = [
    path("earnings/", statements.statement_list, name="statements"),
    path("earnings/compute/", statements.statements_compute, name="statements_compute"),
    path("earnings/approve/", statements.statements_approve, name="statements_approve"),
    path("earnings/rules/", rules.incentive_rules, name="incentive_rules"),
    path("earnings/<int:statement_id>/", statements.statement_detail, name="statement"),
    path(
        "earnings/<int:statement_id>/decide/", statements.statement_decide, name="statement_decide"
    ),
    path("earnings/disputes/", disputes.dispute_list, name="disputes"),
    path("earnings/disputes/<int:dispute_id>/", disputes.dispute_detail, name="dispute"),
]
