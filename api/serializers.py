"""What the API reads and writes. Output serializers are plain; input serializers only check
shapes and lengths — the rules (what may change now, how inputs score) live in the services."""

from __future__ import annotations

import math
import re

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Unit
from accounts.validators import no_control_characters
from assessments import scoring
from assessments.models import (
    Evidence,
    Framework,
    GeneralInfoItem,
    GeneralInfoValue,
    Indicator,
    IndicatorValue,
    MainIndex,
    Pillar,
    Round,
    Submission,
    SubmissionStatus,
)

MAX_ROWS = 500
# A number sent as JSON (not as text) stays below this magnitude: no field of any rule is larger,
# and the engine never sees hundreds of digits.
MAX_NUMBER = 10**15
INPUT_KEY = re.compile(r"[a-z_]{1,32}")


class Text(serializers.CharField):
    """A text field of an input serializer: no control characters (accounts.validators)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(no_control_characters)


# --- Reference data -------------------------------------------------------------------------


class UnitSerializer(serializers.ModelSerializer):
    """A unit with its place in the tree (`parent`, by code) and its lineage (`predecessors`,
    `successors`, by code). Read from `selectors.units()`: three queries for any number."""

    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True, help_text="Mã đơn vị cấp trên (trống với tỉnh, bộ).")
    predecessors = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True, help_text="Mã các đơn vị tiền thân.")
    successors = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True, help_text="Mã các đơn vị kế thừa.")
    label = serializers.CharField(
        read_only=True, help_text="Tên kèm nhóm và thời gian hiệu lực, để hiển thị: “An Giang (34 tỉnh, từ 01/07/2025)”."
    )

    class Meta:
        model = Unit
        fields = [
            "code", "gso_code", "name", "label", "kind", "parent", "region", "ranking_group", "valid_from", "valid_to",
            "predecessors", "successors", "illustrative",
        ]


class PillarSerializer(serializers.ModelSerializer):
    class Meta:
        model = Pillar
        fields = ["code", "name_vi", "name_en", "weight"]


class IndicatorSerializer(serializers.ModelSerializer):
    main_index = serializers.CharField(source="main_index.code")
    input_kinds = serializers.SerializerMethodField(
        help_text=(
            "Các trường số liệu đơn vị nhập và loại của mỗi trường: integer (số đếm: “42.000” là bốn mươi hai "
            "nghìn), number (số thập phân), percent (0–100), boolean, choice."
        )
    )

    class Meta:
        model = Indicator
        fields = [
            "code", "name_vi", "name_en", "main_index", "max_points", "rule_type", "rule_params", "input_kinds",
            "evidence", "evidence_vi", "guidance_vi", "automatic", "source_vi",
        ]

    def get_input_kinds(self, obj) -> dict[str, str]:
        specs = scoring.entry(obj.rule_type).input_specs(obj.rule_params or {}, scoring.Wording())
        return {spec.key: spec.kind for spec in specs}


class MainIndexSerializer(serializers.ModelSerializer):
    group = serializers.CharField(source="group.code")
    pillars = serializers.SerializerMethodField()

    class Meta:
        model = MainIndex
        fields = ["code", "number", "name_vi", "name_en", "group", "max_points", "pillars"]

    def get_pillars(self, obj) -> list[str]:
        return [p.code for p in obj.pillars.all()]


class GeneralInfoItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = GeneralInfoItem
        fields = ["code", "name_vi", "name_en", "unit_vi", "kind"]


class FrameworkSerializer(serializers.ModelSerializer):
    class Meta:
        model = Framework
        fields = [
            "code", "decision", "decision_date", "title_vi", "title_en", "level", "years",
            "aggregation", "total_points", "illustrative",
        ]


class FrameworkDetailSerializer(FrameworkSerializer):
    pillars = PillarSerializer(many=True)
    main_indices = MainIndexSerializer(many=True)
    indicators = IndicatorSerializer(many=True)
    general_information = GeneralInfoItemSerializer(many=True, source="general_info_items")

    class Meta(FrameworkSerializer.Meta):
        fields = [*FrameworkSerializer.Meta.fields, "note_vi", "pillars", "main_indices", "indicators", "general_information"]


class RoundSerializer(serializers.ModelSerializer):
    framework = serializers.CharField(source="framework.code")
    is_open = serializers.SerializerMethodField()

    class Meta:
        model = Round
        fields = ["id", "year", "framework", "ranking_group", "opens_at", "closes_at", "is_open"]

    def get_is_open(self, obj) -> bool:
        return obj.is_open()


# --- Submissions ----------------------------------------------------------------------------


class EvidenceSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "id", "original_name", "content_type", "size", "sha256", "doc_number", "doc_date",
            "issuing_body", "summary", "uploaded_at", "download_url",
        ]

    def get_download_url(self, obj) -> str:
        return reverse("api:evidence_file", args=[obj.pk])


class ValueSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code")
    main_index = serializers.CharField(source="indicator.main_index.code")
    automatic = serializers.BooleanField(source="indicator.automatic")
    evidence = EvidenceSerializer(many=True, source="current_evidence")
    reviewed_points = serializers.SerializerMethodField()
    final_points = serializers.SerializerMethodField()

    class Meta:
        model = IndicatorValue
        fields = [
            "id", "indicator", "main_index", "automatic", "inputs", "self_points", "reviewed_points",
            "final_points", "source", "measured_at", "awaiting_clarification", "version", "updated_at", "evidence",
        ]

    def _scores_visible(self) -> bool:
        return self.context.get("scores_visible", False)

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_reviewed_points(self, obj):
        return str(obj.reviewed_points) if self._scores_visible() and obj.reviewed_points is not None else None

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_final_points(self, obj):
        return str(obj.final_points) if self._scores_visible() and obj.final_points is not None else None


class GeneralInfoValueSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="item.code")
    name_vi = serializers.CharField(source="item.name_vi")
    name_en = serializers.CharField(source="item.name_en")

    class Meta:
        model = GeneralInfoValue
        fields = ["code", "name_vi", "name_en", "value", "version"]


class SubmissionSerializer(serializers.ModelSerializer):
    round = serializers.IntegerField(source="round_id")
    unit = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    status = serializers.ChoiceField(choices=SubmissionStatus.choices)
    deadline = serializers.DateTimeField(read_only=True)

    class Meta:
        model = Submission
        fields = ["id", "round", "unit", "unit_name", "status", "deadline", "submitted_at", "signed_off_at"]


class SubmissionDetailSerializer(SubmissionSerializer):
    values = ValueSerializer(many=True, source="value_rows")
    general_information = GeneralInfoValueSerializer(many=True, source="general_info_rows")

    class Meta(SubmissionSerializer.Meta):
        fields = [*SubmissionSerializer.Meta.fields, "values", "general_information"]


# --- Writes ---------------------------------------------------------------------------------


# How a number may be sent: the same reading as the entry pages and the Excel import
# (assessments.scoring.parse_number), by the field's kind (indicator's input_kinds).
NUMBER_TEXT_DOC = (
    "Số gửi dạng số JSON (4952238, 0.85) hoặc dạng chuỗi như cán bộ viết, đọc theo loại trường "
    "(input_kinds của chỉ số, kind của mục thông tin chung). Số đếm (integer): “42.000”, “4.952.238”, "
    "“4 952 238”, “4952238” và “42,000” đều là số nghìn; số có phần thập phân bị từ chối. Số thập phân "
    "(number): “1.234,5” và “1,234.5” (dấu viết sau cùng là dấu thập phân), “0,85”, “0.85”, “1.234.567”; "
    "một dấu duy nhất trước đúng 3 chữ số (“1.234”, “9,500”) có hai cách hiểu nên bị từ chối kèm câu hỏi: "
    "gửi “1234” hoặc “1,2340”. Phần trăm (percent, 0–100): “85,5”, “85.000” (= 85), có thể có “%”. "
    "Tối đa 40 ký tự, 15 chữ số phần nguyên, 4 chữ số thập phân."
)


@extend_schema_field(
    {
        "type": "object",
        "description": NUMBER_TEXT_DOC,
        "additionalProperties": {"oneOf": [{"type": "string", "maxLength": 100}, {"type": "number"}, {"type": "boolean"}]},
        "example": {"numerator": "4.952", "denominator": "4.952.238"},
    }
)
class InputsField(serializers.DictField):
    """The rule's inputs: {field: text, number or true/false}; the engine parses them."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.JSONField(), **kwargs)

    def to_internal_value(self, data):
        data = super().to_internal_value(data)
        if len(data) > 10:
            raise serializers.ValidationError(_("Quá nhiều trường số liệu."))
        for key, raw in data.items():
            if not INPUT_KEY.fullmatch(key):
                raise serializers.ValidationError(_("Tên trường số liệu không hợp lệ."))
            if raw is not None and not isinstance(raw, (str, int, float, bool)):
                raise serializers.ValidationError({key: _("Giá trị phải là chữ, số hoặc đúng/sai.")})
            if isinstance(raw, str) and len(raw) > 100:
                raise serializers.ValidationError({key: _("Giá trị quá dài.")})
            if isinstance(raw, str):
                no_control_characters(raw)
            if isinstance(raw, (int, float)) and not isinstance(raw, bool) and not (math.isfinite(raw) and abs(raw) < MAX_NUMBER):
                raise serializers.ValidationError({key: _("Số quá lớn.")})
        return data


class ValueInputSerializer(serializers.Serializer):
    indicator = Text(max_length=20, help_text="Mã chỉ số thành phần, ví dụ “1.3”.")
    inputs = InputsField()
    version = serializers.IntegerField(
        required=False, min_value=0, max_value=2**31 - 1,
        help_text="Phiên bản đã đọc (khóa lạc quan). Bỏ trống: dùng phiên bản hiện tại.",
    )


class ValuesInputSerializer(serializers.Serializer):
    values = ValueInputSerializer(many=True, allow_empty=False, max_length=MAX_ROWS)


class GeneralInfoInputSerializer(serializers.Serializer):
    code = Text(max_length=20)
    value = Text(max_length=40, allow_null=True, allow_blank=True, help_text=NUMBER_TEXT_DOC)
    version = serializers.IntegerField(required=False, min_value=0, max_value=2**31 - 1)


class GeneralInfoItemsInputSerializer(serializers.Serializer):
    items = GeneralInfoInputSerializer(many=True, allow_empty=False, max_length=MAX_ROWS)


class EvidenceInputSerializer(serializers.Serializer):
    file = serializers.FileField()
    doc_number = Text(max_length=100)
    doc_date = serializers.DateField(input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    issuing_body = Text(max_length=255)
    summary = Text(max_length=5000)
    replaces = serializers.IntegerField(required=False, min_value=1, max_value=2**62)


class SaveOutcomeSerializer(serializers.Serializer):
    changed = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class MeasurementSerializer(serializers.Serializer):
    unit = Text(max_length=20, help_text="Mã đơn vị (mã GSO).")
    indicator = Text(max_length=20)
    inputs = InputsField()
    measured_at = serializers.DateTimeField()


class MeasurementBatchSerializer(serializers.Serializer):
    round = serializers.IntegerField(min_value=1, max_value=2**62)
    measurements = MeasurementSerializer(many=True, allow_empty=False, max_length=2000)


# --- Published results ----------------------------------------------------------------------


class PublishedTableRefSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    ranking_group = serializers.CharField()
    url = serializers.CharField()


class ResultRowSerializer(serializers.Serializer):
    unit = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    rank = serializers.IntegerField(allow_null=True)
    dti = serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True)
    rank_change = serializers.IntegerField(allow_null=True)
    pillar_values = serializers.DictField(child=serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True))
    pillar_ranks = serializers.DictField(child=serializers.IntegerField(allow_null=True))
    main_values = serializers.DictField(child=serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True))
    main_ranks = serializers.DictField(child=serializers.IntegerField(allow_null=True))
    # Figures the source did not publish are marked (results.selectors.RankingRow).
    reexpressed = serializers.BooleanField(help_text="Quy đổi theo đơn vị sau sáp nhập: trung bình cộng kết quả đã công bố của các đơn vị trước sáp nhập.")
    inferred = serializers.ListField(source="inferred_codes", child=serializers.CharField(), help_text="Các giá trị do hệ thống tính (không có trong công bố gốc): dti, rank, mã trụ cột.")
    predecessors = serializers.ListField(source="predecessor_codes", child=serializers.CharField(), help_text="Mã các đơn vị trước sáp nhập (dòng quy đổi).")
    # Published history covering part of the group (results.partial).
    rank_of = serializers.IntegerField(allow_null=True, help_text="N của “hạng X/N”: cả nhóm với kết quả đã công bố trước đây (thứ hạng chính thức), số đơn vị được xếp hạng với đợt công bố trên cổng.")
    rank_from = serializers.IntegerField(allow_null=True, help_text="Nguồn công bố DTI mà không công bố hạng: thứ hạng tốt nhất đơn vị có thể có trong cả nhóm.")
    rank_to = serializers.IntegerField(allow_null=True, help_text="… và thứ hạng kém nhất đơn vị có thể có.")
    source = serializers.CharField(help_text="Nguồn công bố số liệu của đơn vị (kết quả đã công bố trước đây).")


class ColumnSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class CoverageSerializer(serializers.Serializer):
    units = serializers.IntegerField(help_text="Số đơn vị có số liệu công bố.")
    group_size = serializers.IntegerField(help_text="Số đơn vị của nhóm xếp hạng.")
    ranked = serializers.IntegerField(help_text="Số đơn vị có thứ hạng công bố.")
    with_dti = serializers.IntegerField(source="valued", help_text="Số đơn vị có giá trị DTI.")
    sources = serializers.ListField(child=serializers.CharField())
    reexpressed = serializers.BooleanField()


class AverageSerializer(serializers.Serializer):
    value = serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True)
    units = serializers.IntegerField(help_text="Số đơn vị có DTI mà trung bình tính trên đó.")


class ResultTableSerializer(serializers.Serializer):
    authority = serializers.CharField(source="authority_code", help_text="Mã cơ quan đánh giá đã công bố bảng: quoc-gia, hoặc mã tỉnh tự đánh giá.")
    year = serializers.IntegerField()
    ranking_group = serializers.CharField()
    source = serializers.CharField(help_text="publication: công bố trên cổng; history: kết quả đã công bố trước đây.")
    framework = serializers.CharField(source="framework.code", allow_null=True, default=None)
    published_at = serializers.DateTimeField(source="publication.published_at", allow_null=True, default=None)
    group_size = serializers.IntegerField(allow_null=True)
    rank_of = serializers.IntegerField()
    coverage = CoverageSerializer(allow_null=True, help_text="Có khi số liệu công bố chỉ gồm một phần nhóm (hoặc thiếu hạng hay DTI của một số đơn vị); null khi đủ.")
    average_dti = AverageSerializer(source="dti_average", help_text="Trung bình DTI và số đơn vị có DTI mà nó tính trên đó.")
    main_columns = ColumnSerializer(many=True)
    pillar_columns = ColumnSerializer(many=True)
    rows = ResultRowSerializer(many=True)
