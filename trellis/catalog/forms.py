"""Forms for the catalogue screens: input checked at the edge, rules enforced by the services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trellis.core.forms import Form, IdField, ModelForm
from trellis.core.money import CURRENCIES, currency_name
from trellis.partners.selectors import specializations

from .models import Product, ProductFamily

# Blank rows offered for new prices under a product's existing ones.
NEW_PRICE_ROWS = 3


class CatalogueFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    family = IdField(label=_("Product family"), required=False, widget=forms.Select)
    on_sale = forms.BooleanField(label=_("On sale only"), required=False)

    def __init__(self, *args: Any, families: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["family"].widget.choices = [("", _("All families")), *families]


class ProductForm(ModelForm):
    class Meta:
        model = Product
        fields = ["sku", "name", "family", "is_active"]


class PricesForm(Form):
    """The product's list prices: one row per currency, an emptied amount removes that price."""

    def __init__(self, *args: Any, stored: list[tuple[str, Decimal]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stored = [c for c, _amount in stored]
        initial = dict(stored)
        options = [("", "—"), *((c, f"{c} · {currency_name(c)}") for c in CURRENCIES)]
        rows = [*self.stored, *([""] * NEW_PRICE_ROWS)]
        for i, currency in enumerate(rows):
            self.fields[f"currency_{i}"] = forms.ChoiceField(
                label=_("Currency"), choices=options, required=False, initial=currency
            )
            self.fields[f"amount_{i}"] = forms.DecimalField(
                label=_("List price"),
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=2,
                initial=initial.get(currency),
            )
        self.rows = len(rows)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        prices: dict[str, Decimal | None] = dict.fromkeys(self.stored)
        seen: set[str] = set()
        for i in range(self.rows):
            currency, amount = data.get(f"currency_{i}"), data.get(f"amount_{i}")
            if not currency:
                if amount is not None:
                    self.add_error(f"currency_{i}", _("Choose the currency of this price."))
                continue
            if currency in seen:
                self.add_error(f"currency_{i}", _("This currency has a price above already."))
                continue
            seen.add(currency)
            prices[currency] = amount
        data["prices"] = prices
        return data


class FamilyForm(ModelForm):
    class Meta:
        model = ProductFamily
        fields = ["code", "name", "specializations"]
        widgets = {"specializations": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["specializations"].queryset = specializations()  # type: ignore[attr-defined]
