"""Console: one partner's learning, for the channel team looking after it: its people's
progress and certifications, assigning courses and paths, one more attempt at a quiz someone
ran out of, and revoking a certification given in error."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from trellis.accounts.selectors import partner_members
from trellis.core.exceptions import DomainError
from trellis.core.policies import allows
from trellis.core.surfaces import actor_of, console_view
from trellis.partners.selectors import partner_get

from .. import selectors
from ..assigning import assign, assign_form
from ..services.stewarding import attempt_grant, certification_revoke


@console_view
def partner_learning(request: HttpRequest, partner_id: int) -> HttpResponse:
    actor = actor_of(request)
    partner = partner_get(actor=actor, partner_id=partner_id)
    people = list(partner_members(actor=actor, partner=partner).filter(is_active=True))
    may_steward = allows(actor, "learning.steward", partner)
    form = assign_form(request, people)
    if request.method == "POST" and may_steward:
        action = request.POST.get("action", "")
        try:
            if action == "assign" and form.is_valid():
                done = assign(request, form, people)
                if done:
                    messages.success(request, done)
                    return redirect("console:partner_learning", partner.pk)
            elif action == "grant":
                stuck = {
                    (str(s.enrollment.pk), str(s.module.pk)): s
                    for s in selectors.stuck_quizzes(actor=actor, partner=partner)
                }
                key = (request.POST.get("enrollment", ""), request.POST.get("module", ""))
                if key in stuck:
                    attempt_grant(
                        actor=actor, enrollment=stuck[key].enrollment, module=stuck[key].module
                    )
                    messages.success(request, _("One more attempt allowed."))
                return redirect("console:partner_learning", partner.pk)
            elif action == "revoke":
                award = (
                    selectors.certifications(actor=actor)
                    .filter(partner_id=partner.pk, pk=request.POST.get("award") or 0)
                    .first()
                )
                if award is not None:
                    certification_revoke(
                        actor=actor, award=award, reason=request.POST.get("reason", "")[:300]
                    )
                    messages.success(request, _("Certification revoked."))
                return redirect("console:partner_learning", partner.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("console:partner_learning", partner.pk)
    awards = list(
        selectors.certifications(actor=actor).filter(partner_id=partner.pk, revoked_at__isnull=True)
    )
    context = {
        "nav": "learning",
        "partner": partner,
        "team": selectors.team_learning(actor=actor, partner=partner, people=people),
        "stuck": selectors.stuck_quizzes(actor=actor, partner=partner),
        "awards": awards,
        "form": form,
        "may_steward": may_steward,
    }
    return render(request, "learning/console_partner.html", context)
