# Issue 18: frameworks and rounds belong to an assessing authority; every existing one is the
# national Authority's (made by accounts.0013). Added nullable, filled, then made required, so
# the migration never calls the model's default (the real model, not this historical state).

import django.db.models.deletion
from django.db import migrations, models

import accounts.models


def to_the_national_authority(apps, schema_editor):
    Authority = apps.get_model("accounts", "Authority")
    national = Authority.objects.get(code="quoc-gia")
    for name in ("Framework", "Round"):
        apps.get_model("assessments", name).objects.filter(authority__isnull=True).update(authority=national)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0013_authorities"),
        ("assessments", "0011_statuses_and_kinds_of_the_merged_features"),
    ]

    operations = [
        migrations.AddField(
            model_name="framework",
            name="authority",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="frameworks",
                to="accounts.authority", verbose_name="cơ quan đánh giá",
            ),
        ),
        migrations.AddField(
            model_name="round",
            name="authority",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="rounds",
                to="accounts.authority", verbose_name="cơ quan đánh giá",
            ),
        ),
        migrations.RunPython(to_the_national_authority, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="framework",
            name="authority",
            field=models.ForeignKey(
                default=accounts.models.national_authority_id, on_delete=django.db.models.deletion.PROTECT,
                related_name="frameworks", to="accounts.authority", verbose_name="cơ quan đánh giá",
            ),
        ),
        migrations.AlterField(
            model_name="round",
            name="authority",
            field=models.ForeignKey(
                default=accounts.models.national_authority_id, on_delete=django.db.models.deletion.PROTECT,
                related_name="rounds", to="accounts.authority", verbose_name="cơ quan đánh giá",
            ),
        ),
        migrations.RemoveConstraint(model_name="round", name="unique_round_per_group"),
        migrations.AddConstraint(
            model_name="round",
            constraint=models.UniqueConstraint(fields=("authority", "year", "ranking_group"), name="unique_round_per_authority_group"),
        ),
    ]
