from django.urls import path

from . import views

urlpatterns = [
    path("settings/products/", views.product_list, name="product_list"),
    path("settings/products/new/", views.product_new, name="product_new"),
    path("settings/products/<int:product_id>/", views.product_edit, name="product_edit"),
    path("settings/product-families/new/", views.family_new, name="family_new"),
    path("settings/product-families/<int:family_id>/", views.family_edit, name="family_edit"),
]
