"""Vietnamese order for names (core.collation), and Vietnamese names for the fields the admin
shows (they fell back to the English attribute names: "Unit", "Predecessor").

PostgreSQL gets the ICU collation "vi_vn"; SQLite learns the same name on each connection
(core.apps), so nothing is created there. Deterministic (the default): two names are equal only
when their bytes are, so no UNIQUE constraint or `=` changes meaning and LIKE works with it. No
column is declared with it: orderings ask for it (`ORDER BY name COLLATE "vi_vn"`), comparisons
keep the column's default collation. The field changes are state only (no SQL)."""

import django.db.models.deletion
import django.db.models.functions.comparison
from django.conf import settings
from django.db import migrations, models


def create_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE COLLATION IF NOT EXISTS \"vi_vn\" (provider = icu, locale = 'vi-VN')")


def drop_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('DROP COLLATION IF EXISTS "vi_vn"')


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0006_unit_hierarchy'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.RunPython(create_collation, drop_collation, elidable=False),
        migrations.AlterModelOptions(
            name='unit',
            options={'ordering': ['ranking_group', models.OrderBy(django.db.models.functions.comparison.Collate('name', 'vi_vn'))], 'verbose_name': 'đơn vị', 'verbose_name_plural': 'đơn vị'},
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người thực hiện'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='target_id',
            field=models.CharField(blank=True, max_length=40, verbose_name='mã đối tượng'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='target_type',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='contenttypes.contenttype', verbose_name='loại đối tượng'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='unit',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='accounts.unit', verbose_name='đơn vị'),
        ),
        migrations.AlterField(
            model_name='outgoingemail',
            name='notification',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='emails', to='accounts.notification', verbose_name='thông báo'),
        ),
        migrations.AlterField(
            model_name='unit',
            name='predecessors',
            field=models.ManyToManyField(blank=True, related_name='successors', through='accounts.UnitLineage', to='accounts.unit', verbose_name='đơn vị tiền thân'),
        ),
        migrations.AlterField(
            model_name='unitlineage',
            name='predecessor',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lineage_as_predecessor', to='accounts.unit', verbose_name='đơn vị tiền thân'),
        ),
        migrations.AlterField(
            model_name='unitlineage',
            name='successor',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lineage_as_successor', to='accounts.unit', verbose_name='đơn vị kế thừa'),
        ),
    ]
