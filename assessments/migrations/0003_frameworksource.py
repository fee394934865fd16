"""The framework's source file moves to a table of its own (FrameworkSource): every page that
reads a round's framework was also reading the file (≈ 70 KB for 922-tinh)."""

import django.db.models.deletion
from django.db import migrations, models


def to_sources(apps, schema_editor):
    Framework = apps.get_model("assessments", "Framework")
    FrameworkSource = apps.get_model("assessments", "FrameworkSource")
    FrameworkSource.objects.bulk_create(
        FrameworkSource(framework_id=pk, text=text)
        for pk, text in Framework.objects.exclude(source_text="").values_list("pk", "source_text")
    )


def from_sources(apps, schema_editor):
    Framework = apps.get_model("assessments", "Framework")
    FrameworkSource = apps.get_model("assessments", "FrameworkSource")
    for pk, text in FrameworkSource.objects.values_list("framework_id", "text"):
        Framework.objects.filter(pk=pk).update(source_text=text)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_indicatorvalue_awaiting_clarification")]

    operations = [
        migrations.CreateModel(
            name="FrameworkSource",
            fields=[
                (
                    "framework",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="source",
                        serialize=False,
                        to="assessments.framework",
                    ),
                ),
                ("text", models.TextField(verbose_name="tệp gốc")),
            ],
            options={"verbose_name": "tệp bộ chỉ số", "verbose_name_plural": "tệp bộ chỉ số"},
        ),
        migrations.RunPython(to_sources, from_sources),
        migrations.RemoveField(model_name="framework", name="source_text"),
    ]
