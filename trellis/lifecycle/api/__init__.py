"""API of the partner lifecycle: applications and tiers."""

from ninja import Router

from .applications import router as applications_router
from .offboarding import router as offboarding_router
from .onboarding import router as onboarding_router
from .tiers import router as tiers_router

router = Router()
router.add_router("", applications_router)
router.add_router("", tiers_router)
router.add_router("", onboarding_router)
router.add_router("", offboarding_router)
