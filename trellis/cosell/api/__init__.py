"""API: account mapping, and co-sells between the vendor and a partner."""

from ninja import Router

from . import bundles, co_selling, mapping, matchmaking

router = Router()
router.add_router("", mapping.router)
router.add_router("", co_selling.router)
router.add_router("", matchmaking.router)
router.add_router("", bundles.router)
