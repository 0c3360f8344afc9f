"""Portal: the partner's account mapping (upload its list, consent to sharing, see the overlap)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from trellis.core.exceptions import DomainError, InvalidInput, InvalidRows
from trellis.core.pagination import page_number
from trellis.core.surfaces import actor_of, portal_view
from trellis.partners.selectors import partner_get

from .. import selectors, services, uploads
from ..choices import SharingLevel


@portal_view
def mapping(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    partner = partner_get(actor=actor, partner_id=actor.partner_id)  # type: ignore[arg-type]
    if request.method == "POST":
        try:
            if "consent" in request.POST:
                try:
                    level = int(request.POST.get("consent", ""))
                except ValueError:
                    raise InvalidInput(
                        _("Choose counts only, names or full detail."), field="level"
                    ) from None
                services.sharing_consent(actor=actor, partner=partner, level=level)
                messages.success(request, _("Your sharing choice is saved."))
            else:
                current = selectors.latest_upload(actor=actor, partner=partner)
                if current is not None and current.accounts and not request.POST.get("replace"):
                    raise InvalidInput(
                        _("Tick the box to replace your current list of %(n)s accounts.")
                        % {"n": current.accounts},
                        field="replace",
                    )
                upload = request.FILES.get("file")
                raw = upload.read(uploads.MAX_BYTES + 1) if upload else b""
                received = services.account_list_upload(
                    actor=actor, partner=partner, rows=uploads.rows_from_csv(raw)
                )
                if received.pending:
                    messages.info(
                        request,
                        _(
                            "%(n)s accounts received. They are being compared with the vendor's; "
                            "this page updates when it is done."
                        )
                        % {"n": received.accounts},
                    )
                else:
                    messages.success(
                        request,
                        _("%(n)s accounts stored; %(shared)s are also the vendor's.")
                        % {"n": received.accounts, "shared": received.shared},
                    )
        except InvalidRows as exc:
            messages.error(request, exc.summary)
            for row in exc.rows:
                messages.error(request, row)
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("portal:account_mapping")
    view = selectors.overlap_view(actor=actor, partner=partner)
    promising = selectors.promising_accounts(
        actor=actor, partner=partner, page=page_number(request.GET.get("promising"))
    )
    context = {
        "nav": "mapping",
        "view": view,
        "promising": promising,
        "upload": selectors.latest_upload(actor=actor, partner=partner),
        "levels": SharingLevel.choices,
        "columns": ",".join(uploads.COLUMNS),
    }
    return render(request, "cosell/portal_mapping.html", context)
