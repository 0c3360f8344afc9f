"""Naming a co-seller becomes a request the named partner answers (DealCoSeller).

Django cannot give an existing many-to-many field a model of its own, so the names move to the
new table and the field is made again on top of it. Names made before this had no consent:
they arrive as proposed, waiting for the named partner's answer.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

STATUSES = [
    ("proposed", "Awaiting an answer"),
    ("accepted", "Selling together"),
    ("declined", "Declined"),
]


def names_to_requests(apps, schema_editor):
    deal = apps.get_model("deals", "DealRegistration")
    link = apps.get_model("deals", "DealCoSeller")
    old = deal.old_co_sellers.through.objects.values_list("dealregistration_id", "partner_id")
    link.objects.bulk_create(
        [link(deal_id=d, partner_id=p, status="proposed") for d, p in old.iterator()],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("deals", "0003_indexes_the_composites_serve"),
        ("partners", "0002_lead_routing_fields"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DealCoSeller",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=STATUSES, default="proposed", max_length=10, verbose_name="status"
                    ),
                ),
                ("named_at", models.DateTimeField(auto_now_add=True)),
                ("answered_at", models.DateTimeField(blank=True, null=True)),
                (
                    "answered_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "deal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="co_seller_links",
                        to="deals.dealregistration",
                    ),
                ),
                (
                    "partner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="co_seller_requests",
                        to="partners.partner",
                    ),
                ),
            ],
        ),
        migrations.RenameField("dealregistration", "co_sellers", "old_co_sellers"),
        migrations.AlterField(
            model_name="dealregistration",
            name="old_co_sellers",
            field=models.ManyToManyField(
                blank=True, related_name="old_co_sold_deals", to="partners.partner"
            ),
        ),
        migrations.RunPython(names_to_requests, migrations.RunPython.noop),
        migrations.RemoveField("dealregistration", "old_co_sellers"),
        migrations.AddField(
            model_name="dealregistration",
            name="co_sellers",
            field=models.ManyToManyField(
                blank=True,
                related_name="co_sold_deals",
                through="deals.DealCoSeller",
                to="partners.partner",
            ),
        ),
        migrations.AddConstraint(
            model_name="dealcoseller",
            constraint=models.UniqueConstraint(
                fields=("deal", "partner"), name="co_seller_once_per_deal"
            ),
        ),
        migrations.AddConstraint(
            model_name="dealcoseller",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["proposed", "accepted", "declined"])),
                name="co_seller_status_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="dealcoseller",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("answered_at__isnull", True), ("status", "proposed")),
                    models.Q(
                        models.Q(("status", "proposed"), _negated=True),
                        ("answered_at__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="co_seller_answered_when_not_proposed",
            ),
        ),
    ]
