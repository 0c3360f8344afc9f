from django.urls import path

from . import funds, requests

urlpatterns = [
    path("funds/", funds.fund_list, name="fund_list"),
    path("funds/<int:fund_id>/", funds.fund_detail, name="fund"),
    path("funds/transfers/<int:transfer_id>/", funds.transfer_decide, name="transfer_decide"),
    path("mdf/", requests.request_queue, name="mdf_queue"),
    path("mdf/<int:request_id>/", requests.request_detail, name="mdf_request"),
]
