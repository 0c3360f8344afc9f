from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "trellis.catalog"
    label = "catalog"
    verbose_name = "Product catalogue"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from trellis.core.events import describe

        describe(
            {
                "product.created": _("Product created"),
                "product.updated": _("Product changed"),
                "product.prices_changed": _("List prices changed"),
                "product_family.created": _("Product family created"),
                "product_family.updated": _("Product family changed"),
                "product_family.experts_changed": _("Expert specializations changed"),
            }
        )
