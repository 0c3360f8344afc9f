"""Reads of prospect lists: the lists, one list ranked by fit."""

from __future__ import annotations

from django.db.models import QuerySet

from trellis.core.actor import Actor
from trellis.core.exceptions import NotFound

from ..models import Prospect, ProspectList


def prospect_lists(*, actor: Actor) -> QuerySet[ProspectList]:
    return ProspectList.objects.visible_to(actor).select_related("uploaded_by", "fit_model")


def prospect_list_get(*, actor: Actor, list_id: int) -> ProspectList:
    found = prospect_lists(actor=actor).filter(pk=list_id).first()
    if found is None:
        raise NotFound()
    return found


def ranked_prospects(
    *, actor: Actor, prospect_list: ProspectList, new_only: bool = False
) -> QuerySet[Prospect]:
    """Best fit first; ``new_only`` leaves out companies that already are partners."""
    qs = Prospect.objects.visible_to(actor).filter(prospect_list=prospect_list)
    if new_only:
        qs = qs.filter(partner_id_known__isnull=True)
    return qs.order_by("-fit_score", "line")
