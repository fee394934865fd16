"""Submissions in the Vietnamese order of their units' names (core.collation; the "vi_vn" collation
comes with accounts 0006), and Vietnamese names for the fields the admin shows. State only."""

import django.db.models.deletion
import django.db.models.functions.comparison
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0007_vietnamese_collation_and_field_names'),
        ('assessments', '0005_validation_rules_and_warning_notes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='submission',
            options={'ordering': ['round', models.OrderBy(django.db.models.functions.comparison.Collate('unit__name', 'vi_vn'))], 'verbose_name': 'hồ sơ tự đánh giá', 'verbose_name_plural': 'hồ sơ tự đánh giá'},
        ),
        migrations.AlterField(
            model_name='evidence',
            name='content_type',
            field=models.CharField(max_length=100, verbose_name='loại nội dung'),
        ),
        migrations.AlterField(
            model_name='evidence',
            name='removed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='gỡ lúc'),
        ),
        migrations.AlterField(
            model_name='evidence',
            name='replaced_by',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='replaces', to='assessments.evidence', verbose_name='được thay bằng'),
        ),
        migrations.AlterField(
            model_name='evidence',
            name='sha256',
            field=models.CharField(db_index=True, max_length=64, verbose_name='mã băm SHA-256'),
        ),
        migrations.AlterField(
            model_name='evidence',
            name='size',
            field=models.PositiveBigIntegerField(default=0, verbose_name='dung lượng (byte)'),
        ),
        migrations.AlterField(
            model_name='evidence',
            name='uploaded_at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='tải lên lúc'),
        ),
        migrations.AlterField(
            model_name='evidence',
            name='uploaded_by',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người tải lên'),
        ),
        migrations.AlterField(
            model_name='evidence',
            name='value',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evidence', to='assessments.indicatorvalue', verbose_name='giá trị chỉ số'),
        ),
        migrations.AlterField(
            model_name='indicator',
            name='framework',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='indicators', to='assessments.framework', verbose_name='bộ chỉ số'),
        ),
        migrations.AlterField(
            model_name='indicator',
            name='main_index',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='indicators', to='assessments.mainindex', verbose_name='chỉ số chính'),
        ),
        migrations.AlterField(
            model_name='indicator',
            name='order',
            field=models.PositiveIntegerField(default=0, verbose_name='thứ tự'),
        ),
        migrations.AlterField(
            model_name='indicatorvalue',
            name='indicator',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='values', to='assessments.indicator', verbose_name='chỉ số thành phần'),
        ),
        migrations.AlterField(
            model_name='indicatorvalue',
            name='measured_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='đo lúc'),
        ),
        migrations.AlterField(
            model_name='indicatorvalue',
            name='reviewed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='thẩm định lúc'),
        ),
        migrations.AlterField(
            model_name='indicatorvalue',
            name='reviewed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người thẩm định'),
        ),
        migrations.AlterField(
            model_name='indicatorvalue',
            name='submission',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='values', to='assessments.submission', verbose_name='hồ sơ'),
        ),
        migrations.AlterField(
            model_name='indicatorvalue',
            name='updated_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='cập nhật lúc'),
        ),
        migrations.AlterField(
            model_name='indicatorvalue',
            name='updated_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người cập nhật'),
        ),
        migrations.AlterField(
            model_name='indicatorvalue',
            name='version',
            field=models.PositiveIntegerField(default=0, verbose_name='phiên bản'),
        ),
        migrations.AlterField(
            model_name='mainindex',
            name='framework',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='main_indices', to='assessments.framework', verbose_name='bộ chỉ số'),
        ),
        migrations.AlterField(
            model_name='mainindex',
            name='group',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='main_indices', to='assessments.indexgroup', verbose_name='nhóm chỉ số'),
        ),
        migrations.AlterField(
            model_name='mainindex',
            name='order',
            field=models.PositiveIntegerField(default=0, verbose_name='thứ tự'),
        ),
        migrations.AlterField(
            model_name='mainindex',
            name='pillars',
            field=models.ManyToManyField(blank=True, related_name='main_indices', to='assessments.pillar', verbose_name='trụ cột'),
        ),
        migrations.AlterField(
            model_name='pillar',
            name='framework',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pillars', to='assessments.framework', verbose_name='bộ chỉ số'),
        ),
        migrations.AlterField(
            model_name='pillar',
            name='order',
            field=models.PositiveIntegerField(default=0, verbose_name='thứ tự'),
        ),
        migrations.AlterField(
            model_name='round',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='tạo lúc'),
        ),
        migrations.AlterField(
            model_name='round',
            name='created_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người tạo'),
        ),
        migrations.AlterField(
            model_name='round',
            name='framework',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rounds', to='assessments.framework', verbose_name='bộ chỉ số'),
        ),
        migrations.AlterField(
            model_name='submission',
            name='assigned_reviewer',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='assigned_submissions', to=settings.AUTH_USER_MODEL, verbose_name='người thẩm định được phân công'),
        ),
        migrations.AlterField(
            model_name='submission',
            name='round',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='submissions', to='assessments.round', verbose_name='đợt đánh giá'),
        ),
        migrations.AlterField(
            model_name='submission',
            name='status_changed_at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='đổi trạng thái lúc'),
        ),
        migrations.AlterField(
            model_name='submission',
            name='unit',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='submissions', to='accounts.unit', verbose_name='đơn vị'),
        ),
    ]
