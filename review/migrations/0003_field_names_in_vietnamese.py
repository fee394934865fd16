"""Vietnamese names for the fields the admin shows (they fell back to the English attribute
names). State only: no SQL."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0006_vietnamese_order_and_field_names'),
        ('review', '0002_clarification_keeps_earlier_appraisal'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='clarification',
            name='asked_by',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người hỏi'),
        ),
        migrations.AlterField(
            model_name='clarification',
            name='closed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người đóng'),
        ),
        migrations.AlterField(
            model_name='clarification',
            name='previous_reviewed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='thẩm định trước khi trả lại lúc'),
        ),
        migrations.AlterField(
            model_name='clarification',
            name='previous_reviewed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người thẩm định trước khi trả lại'),
        ),
        migrations.AlterField(
            model_name='clarification',
            name='reappraised_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='thẩm định lại lúc'),
        ),
        migrations.AlterField(
            model_name='clarification',
            name='reappraised_points',
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True, verbose_name='điểm thẩm định lại'),
        ),
        migrations.AlterField(
            model_name='clarification',
            name='reappraised_reason',
            field=models.TextField(blank=True, verbose_name='lý do thẩm định lại'),
        ),
        migrations.AlterField(
            model_name='clarification',
            name='submission',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='clarifications', to='assessments.submission', verbose_name='hồ sơ'),
        ),
        migrations.AlterField(
            model_name='clarification',
            name='value',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='clarifications', to='assessments.indicatorvalue', verbose_name='giá trị chỉ số'),
        ),
        migrations.AlterField(
            model_name='clarificationmessage',
            name='author',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người viết'),
        ),
        migrations.AlterField(
            model_name='clarificationmessage',
            name='clarification',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='messages', to='review.clarification', verbose_name='yêu cầu giải trình'),
        ),
    ]
