"""Console settings: the catalogue of product families, products and list prices."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from trellis.core.policies import allows
from trellis.core.surfaces import actor_of, console_view, save_form

from .. import selectors, services
from ..forms import CatalogueFilterForm, FamilyForm, PricesForm, ProductForm
from ..models import Product, ProductFamily

PAGE_SIZE = 50


def _may_change(request: HttpRequest) -> bool:
    return allows(actor_of(request), "catalog.manage")


@console_view
def product_list(request: HttpRequest) -> HttpResponse:
    families = selectors.families_overview()
    form = CatalogueFilterForm(
        request.GET or None, families=[(f.pk, f.name) for f in families], label_suffix=""
    )
    data = form.cleaned_data if form.is_valid() else {}
    products = selectors.catalogue_page(
        q=data.get("q") or "", family_id=data.get("family"), on_sale_only=bool(data.get("on_sale"))
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": Paginator(products, PAGE_SIZE).get_page(request.GET.get("page")),
        "query": query.urlencode(),
        "families": families,
        "may_change": _may_change(request),
        "nav": "settings",
    }
    return render(request, "catalog/settings_products.html", context)


def _product_page(
    request: HttpRequest, product: Product | None, forms: tuple[Any, Any]
) -> HttpResponse:
    form, prices = forms
    context = {
        "form": form,
        "prices": prices,
        "product": product,
        "may_change": _may_change(request),
        "nav": "settings",
    }
    return render(request, "catalog/settings_product.html", context)


def _product_submit(request: HttpRequest, product: Product | None) -> HttpResponse:
    actor = actor_of(request)
    form = ProductForm(request.POST or None, instance=product or Product(), label_suffix="")
    stored = selectors.product_prices(product) if product else []
    prices = PricesForm(request.POST or None, stored=stored, label_suffix="")
    saved: list[Product] = []

    def save(data: dict[str, Any]) -> None:
        saved.append(
            services.product_save(actor=actor, product=product, values=data, prices=data["prices"])
        )

    done = _("Product saved.") if product else _("Product created.")
    if save_form(request, form, save, may_change=_may_change(request), done=done, also=(prices,)):
        return redirect("console:product_edit", product_id=saved[0].pk)
    return _product_page(request, product, (form, prices))


@console_view
def product_new(request: HttpRequest) -> HttpResponse:
    return _product_submit(request, None)


@console_view
def product_edit(request: HttpRequest, product_id: int) -> HttpResponse:
    return _product_submit(request, selectors.product_get(product_id=product_id))


def _family_submit(request: HttpRequest, family: ProductFamily | None) -> HttpResponse:
    actor = actor_of(request)
    form = FamilyForm(request.POST or None, instance=family, label_suffix="")
    may_change = _may_change(request)

    def save(data: dict[str, Any]) -> None:
        services.family_save(
            actor=actor, family=family, values=data, specializations=list(data["specializations"])
        )

    done = _("Product family saved.")
    if save_form(request, form, save, may_change=may_change, done=done):
        return redirect("console:product_list")
    context = {
        "form": form,
        "title": family.name if family else _("New product family"),
        "intro": _(
            "A family groups products for conflict checks (registrations conflict on "
            "overlapping families) and for lead routing's expertise factor."
        ),
        "back_url": reverse("console:product_list"),
        "back_label": _("Products and prices"),
        "may_change": may_change,
        "nav": "settings",
    }
    return render(request, "console/settings_edit.html", context)


@console_view
def family_new(request: HttpRequest) -> HttpResponse:
    return _family_submit(request, None)


@console_view
def family_edit(request: HttpRequest, family_id: int) -> HttpResponse:
    return _family_submit(request, selectors.family_get(family_id=family_id))
