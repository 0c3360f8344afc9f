from django.urls import path

from . import claims, funds, requests, roi

urlpatterns = [
    path("funds/", funds.fund_list, name="fund_list"),
    path("funds/<int:fund_id>/", funds.fund_detail, name="fund"),
    path("funds/transfers/<int:transfer_id>/", funds.transfer_decide, name="transfer_decide"),
    path("mdf/", requests.request_queue, name="mdf_queue"),
    path("mdf/<int:request_id>/", requests.request_detail, name="mdf_request"),
    path("mdf/claims/", claims.claim_list, name="mdf_claims"),
    path("mdf/returns/", roi.roi_overview, name="mdf_roi"),
    path("mdf/claims/<int:claim_id>/review/", claims.claim_review, name="mdf_claim_review"),
    path("mdf/claims/<int:claim_id>/pay/", claims.claim_pay, name="mdf_claim_pay"),
    path("mdf/proofs/<int:proof_id>/", claims.proof_file, name="mdf_proof"),
]
