from django.urls import path

from . import views

urlpatterns = [
    path("deals/", views.deal_list, name="deal_list"),
    path("deals/export.csv", views.deal_export, name="deal_export"),
    path("deals/new/", views.deal_new, name="deal_new"),
    path("deals/upload/", views.deal_upload, name="deal_upload"),
    path("deals/hint/", views.deal_hint, name="deal_hint"),
    path("deals/<int:deal_id>/", views.deal_detail, name="deal_detail"),
    path("deals/<int:deal_id>/<str:action>/", views.deal_action, name="deal_action"),
    path("conflicts/<int:conflict_id>/", views.conflict_detail, name="conflict_detail"),
]
