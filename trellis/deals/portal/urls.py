from django.urls import path

from . import co_selling, views

urlpatterns = [
    path("deals/", views.deal_list, name="deal_list"),
    path("deals/export.csv", views.deal_export, name="deal_export"),
    path("deals/new/", views.deal_new, name="deal_new"),
    path("deals/upload/", views.deal_upload, name="deal_upload"),
    path("deals/hint/", views.deal_hint, name="deal_hint"),
    path("deals/<int:deal_id>/", views.deal_detail, name="deal_detail"),
    path("deals/<int:deal_id>/submit/", views.deal_submit, name="deal_submit"),
    path("deals/<int:deal_id>/extend/", views.deal_extend, name="deal_extend"),
    path("deals/<int:deal_id>/won/", views.deal_won, name="deal_won"),
    path("deals/<int:deal_id>/lost/", views.deal_lost, name="deal_lost"),
    path("deals/<int:deal_id>/answer/", views.deal_answer, name="deal_answer"),
    path("conflicts/<int:conflict_id>/", views.conflict_detail, name="conflict_detail"),
    path("co-selling-requests/", co_selling.co_seller_requests, name="co_seller_requests"),
    path(
        "co-selling-requests/<int:request_id>/accept/",
        co_selling.co_seller_accept,
        name="co_seller_accept",
    ),
    path(
        "co-selling-requests/<int:request_id>/decline/",
        co_selling.co_seller_decline,
        name="co_seller_decline",
    ),
]
