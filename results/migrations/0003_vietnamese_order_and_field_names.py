"""Snapshot entries and published results tie-broken in the Vietnamese order of their units' names
(core.collation), and Vietnamese names for the fields the admin shows. State only: no SQL."""

import django.db.models.deletion
import django.db.models.functions.comparison
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0007_vietnamese_collation_and_field_names'),
        ('assessments', '0006_vietnamese_order_and_field_names'),
        ('results', '0002_rankingsnapshot_publication_and_more'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='publishedresult',
            options={'ordering': ['-year', 'ranking_group', 'rank', models.OrderBy(django.db.models.functions.comparison.Collate('unit__name', 'vi_vn'))], 'verbose_name': 'kết quả đã công bố', 'verbose_name_plural': 'kết quả đã công bố'},
        ),
        migrations.AlterModelOptions(
            name='snapshotentry',
            options={'ordering': ['ranking_group', 'dti_rank', models.OrderBy(django.db.models.functions.comparison.Collate('unit__name', 'vi_vn'))], 'verbose_name': 'kết quả đơn vị', 'verbose_name_plural': 'kết quả đơn vị'},
        ),
        migrations.AlterField(
            model_name='publication',
            name='published_by',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người công bố'),
        ),
        migrations.AlterField(
            model_name='publication',
            name='round',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='publications', to='assessments.round', verbose_name='đợt đánh giá'),
        ),
        migrations.AlterField(
            model_name='publication',
            name='snapshot',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='publications', to='results.rankingsnapshot', verbose_name='bảng xếp hạng đã tính'),
        ),
        migrations.AlterField(
            model_name='publication',
            name='unpublished_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người hủy công bố'),
        ),
        migrations.AlterField(
            model_name='publishedresult',
            name='imported_at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='nhập lúc'),
        ),
        migrations.AlterField(
            model_name='publishedresult',
            name='unit',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='published_results', to='accounts.unit', verbose_name='đơn vị'),
        ),
        migrations.AlterField(
            model_name='rankingsnapshot',
            name='content_hash',
            field=models.CharField(db_index=True, max_length=64, verbose_name='mã băm nội dung'),
        ),
        migrations.AlterField(
            model_name='rankingsnapshot',
            name='round',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='snapshots', to='assessments.round', verbose_name='đợt đánh giá'),
        ),
        migrations.AlterField(
            model_name='recomputerequest',
            name='processed_at',
            field=models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='xử lý lúc'),
        ),
        migrations.AlterField(
            model_name='recomputerequest',
            name='requested_at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='yêu cầu lúc'),
        ),
        migrations.AlterField(
            model_name='recomputerequest',
            name='round',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recompute_requests', to='assessments.round', verbose_name='đợt đánh giá'),
        ),
        migrations.AlterField(
            model_name='recomputerequest',
            name='snapshot',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='requests', to='results.rankingsnapshot', verbose_name='bảng xếp hạng đã tính'),
        ),
        migrations.AlterField(
            model_name='recomputerequest',
            name='submission',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='assessments.submission', verbose_name='hồ sơ'),
        ),
    ]
