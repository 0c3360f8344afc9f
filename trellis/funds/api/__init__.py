"""API of the funds app: funds and ledgers, and marketing-fund requests."""

from ninja import Router

from .claims import router as claims_router
from .funds import router as funds_router
from .requests import router as requests_router

router = Router()
router.add_router("", funds_router)
router.add_router("", requests_router)
router.add_router("", claims_router)

__all__ = ["router"]
