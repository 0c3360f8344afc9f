"""The vendor's product catalogue: what partners sell and register deals for."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trellis.core.money import CURRENCIES
from trellis.core.scoping import ScopedManager, ScopedQuerySet


class CatalogQuerySet(ScopedQuerySet):
    """The catalogue is the same for every signed-in partner."""

    partner_path = None
    public_to_partners = True


class ProductFamily(models.Model):
    code = models.SlugField(
        _("code"),
        unique=True,
        help_text=_("Letters, digits and hyphens; used in imports and the API."),
        error_messages={"unique": _("Another product family already uses this code.")},
    )
    name = models.CharField(_("name"), max_length=120)
    # Partners holding these specializations are the experts lead routing looks for.
    specializations = models.ManyToManyField(
        "partners.Specialization",
        blank=True,
        related_name="product_families",
        verbose_name=_("expert specializations"),
        help_text=_("Lead routing prefers partners holding these for leads about this family."),
    )

    objects = ScopedManager.from_queryset(CatalogQuerySet)()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "product families"

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    sku = models.CharField(
        _("SKU"),
        max_length=40,
        unique=True,
        error_messages={"unique": _("Another product already has this SKU.")},
    )
    name = models.CharField(_("name"), max_length=200)
    family = models.ForeignKey(
        ProductFamily,
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("product family"),
    )
    is_active = models.BooleanField(
        _("on sale"),
        default=True,
        help_text=_("Products no longer on sale cannot be registered; past deals keep them."),
    )

    objects = ScopedManager.from_queryset(CatalogQuerySet)()

    class Meta:
        ordering = ["sku"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(sku=""),
                name="product_sku_required",
                violation_error_message=_("Enter the SKU."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.sku} {self.name}"


class ProductPrice(models.Model):
    """List price of a product in one currency (Decimal, never float)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="prices")
    currency = models.CharField(max_length=3)
    list_price = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["currency"]
        constraints = [
            models.UniqueConstraint(fields=["product", "currency"], name="one_price_per_currency"),
            models.CheckConstraint(
                condition=Q(list_price__gte=0),
                name="price_nonnegative",
                violation_error_message=_("A price cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(currency__in=CURRENCIES), name="price_currency_known"
            ),
        ]

    def __str__(self) -> str:
        return str(f"{self.currency} {self.list_price}")
