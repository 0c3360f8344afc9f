"""API v1: every app's router under /api/v1/, one auth scheme, one error shape."""

from trellis.accounts.api import router as people_router
from trellis.accounts.services import api_actor_for_token
from trellis.catalog.api import router as catalog_router
from trellis.core.api import ApiActorAuth, TrellisAPI, install_problem_handlers
from trellis.core.rates_api import router as rates_router
from trellis.cosell.api import router as cosell_router
from trellis.customers.api import router as customers_router
from trellis.deals.api import router as deals_router
from trellis.funds.api import router as funds_router
from trellis.incentives.api import router as incentives_router
from trellis.leads.api import router as leads_router
from trellis.learning.api import router as learning_router
from trellis.lifecycle.api import router as lifecycle_router
from trellis.partners.api import router as partners_router

api = TrellisAPI(
    title="Trellis API",
    version="1.0.0",
    description=(
        "Partner ecosystem management. Authenticate with `Authorization: Bearer <token>` "
        "(create tokens under your profile or with `trellis token create`). Errors are RFC 9457 "
        "problem+json. POST requests accept an `Idempotency-Key` header: a repeat with the same "
        "key and body replays the first response for 24 hours; the same key with another body "
        "answers 409. A partner user only ever sees their own partner's data; anything else "
        "answers 404."
    ),
    auth=ApiActorAuth(api_actor_for_token),
    urls_namespace="api",
    docs_url="/docs",
)
install_problem_handlers(api)
api.add_router("", people_router)
api.add_router("", partners_router)
api.add_router("", customers_router)
api.add_router("", catalog_router)
api.add_router("", deals_router)
api.add_router("", leads_router)
api.add_router("", cosell_router)
api.add_router("", learning_router)
api.add_router("", lifecycle_router)
api.add_router("", funds_router)
api.add_router("", incentives_router)
api.add_router("", rates_router)
