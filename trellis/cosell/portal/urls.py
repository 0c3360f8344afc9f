from django.urls import path

from . import co_selling, views

urlpatterns = [
    path("accounts/mapping/", views.mapping, name="account_mapping"),
    path("cosell/", co_selling.cosell_list, name="cosell_list"),
    path("cosell/<int:cosell_id>/", co_selling.cosell_detail, name="cosell_detail"),
    path("cosell/<int:cosell_id>/<slug:action>/", co_selling.cosell_action, name="cosell_action"),
    path(
        "cosell/invite/<int:deal_id>/", co_selling.cosell_invite_vendor, name="cosell_invite_vendor"
    ),
]
