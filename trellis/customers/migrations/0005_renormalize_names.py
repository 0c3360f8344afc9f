"""Normalised names again: kana keep their voicing marks, business words written in Japanese,
Korean or Chinese read in English, and "& C. S.p.A." is an initial and a legal form, so a search
finds accounts stored before as it finds new ones."""

from django.db import migrations

from trellis.customers.engine.names import normalize_company_name

BATCH = 2_000


def renormalize(apps, schema_editor):
    account_model = apps.get_model("customers", "CustomerAccount")
    changed = []
    for account in account_model.objects.only("pk", "name", "name_normalized").iterator(BATCH):
        normalized = normalize_company_name(account.name)
        if normalized != account.name_normalized:
            account.name_normalized = normalized
            changed.append(account)
        if len(changed) >= BATCH:
            account_model.objects.bulk_update(changed, ["name_normalized"])
            changed = []
    account_model.objects.bulk_update(changed, ["name_normalized"])


class Migration(migrations.Migration):
    dependencies = [("customers", "0004_account_parent")]

    operations = [migrations.RunPython(renormalize, migrations.RunPython.noop)]
