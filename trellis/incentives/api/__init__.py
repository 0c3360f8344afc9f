"""API of the incentives app: statements, disputes, rules and imported sales."""

from ninja import Router

from .disputes import router as disputes_router
from .rules import router as rules_router
from .statements import router as statements_router

router = Router()
router.add_router("", statements_router)
router.add_router("", disputes_router)
router.add_router("", rules_router)

__all__ = ["router"]
