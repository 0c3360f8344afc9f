"""Writes of the catalogue: product families, products and their list prices. Each is audited.

Registrations read products through a cache stamped with ``stamps.CATALOGUE``;
every write here bumps it, so a change applies to the next registration in
every process.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from trellis.core import events, stamps
from trellis.core.actor import Actor
from trellis.core.configuration import refuse_negative, save_audited, set_amounts
from trellis.core.exceptions import InvalidInput
from trellis.core.money import CURRENCIES
from trellis.core.policies import require

from . import policies  # noqa: F401  (registers the rules)
from .models import Product, ProductFamily

PRODUCT_FIELDS = ("sku", "name", "family", "is_active")
FAMILY_FIELDS = ("code", "name")


def product_save(
    *,
    actor: Actor,
    product: Product | None,
    values: dict[str, Any],
    prices: dict[str, Decimal | None],
) -> Product:
    """Create or change a product and set its list prices (``None`` removes a currency's)."""
    require(actor, "catalog.manage", product)
    values = {k: values[k] for k in PRODUCT_FIELDS if k in values}
    if isinstance(values.get("sku"), str):
        values["sku"] = values["sku"].strip().upper()
    with transaction.atomic():
        saved, _changed = save_audited(
            actor=actor,
            obj=product or Product(),
            values=values,
            verb="product.created" if product is None else "product.updated",
            stamp=stamps.CATALOGUE,
        )
        _set_prices(actor, saved, prices)
    return saved


def _set_prices(actor: Actor, product: Product, prices: dict[str, Decimal | None]) -> None:
    unknown = sorted(set(prices) - set(CURRENCIES))
    if unknown:
        message = _("Unknown currency: %(c)s.") % {"c": ", ".join(unknown)}
        raise InvalidInput(message, field="prices")
    refuse_negative(prices, _("A price cannot be negative."), field="prices")
    set_amounts(
        actor=actor,
        owner=product,
        rows=product.prices,
        key="currency",
        amount="list_price",
        wanted=prices,
        verb="product.prices_changed",
        stamp=stamps.CATALOGUE,
    )


def family_save(
    *,
    actor: Actor,
    family: ProductFamily | None,
    values: dict[str, Any],
    specializations: list[Any] | None = None,
) -> ProductFamily:
    """Create or change a product family and the specializations that make a partner its
    expert (lead routing prefers those partners)."""
    require(actor, "catalog.manage", family)
    with transaction.atomic():
        saved, _changed = save_audited(
            actor=actor,
            obj=family or ProductFamily(),
            values={k: values[k] for k in FAMILY_FIELDS if k in values},
            verb="product_family.created" if family is None else "product_family.updated",
            stamp=stamps.CATALOGUE,
        )
        if specializations is not None:
            before = sorted(saved.specializations.values_list("slug", flat=True))
            saved.specializations.set(specializations)
            after = sorted(saved.specializations.values_list("slug", flat=True))
            if after != before:
                events.record(
                    actor,
                    "product_family.experts_changed",
                    saved,
                    before={"specializations": before},
                    after={"specializations": after},
                )
    return saved
