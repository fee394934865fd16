"""The REST API: thin views over the same access helpers and services as the pages.

Every write passes `interface=Interface.API`, so the audit trail says where it came from.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Interface, RankingGroup, UnitKind
from assessments import access, feeds, services
from assessments import evidence as evidence_files
from assessments.models import Framework, GeneralInfoValue, IndicatorValue, Round
from results import access as results_access
from results.selectors import available_tables

from . import selectors
from . import serializers as s
from .permissions import IsOfficerOrReviewer, IsSystemAccount

API = Interface.API


# --- Reference data (public: decisions and administrative units are public facts) -----------


class FrameworkList(generics.ListAPIView):
    """Bộ chỉ số đã nạp."""

    permission_classes = [AllowAny]
    serializer_class = s.FrameworkSerializer
    queryset = Framework.objects.order_by("-decision_date", "code")


class FrameworkDetail(APIView):
    """Một bộ chỉ số: trụ cột, chỉ số chính, chỉ số thành phần với cách tính điểm, thông tin chung."""

    permission_classes = [AllowAny]

    @extend_schema(responses=s.FrameworkDetailSerializer)
    def get(self, request, code):
        framework = selectors.framework_detail(code)
        if framework is None:
            raise Http404
        return Response(s.FrameworkDetailSerializer(framework).data)


class UnitList(generics.ListAPIView):
    """Đơn vị: tỉnh, bộ được đánh giá và các đơn vị trực thuộc (lọc theo nhóm xếp hạng, loại,
    đơn vị cấp trên), theo nhóm rồi theo mã: danh sách cho máy đọc, khóa theo mã (mã GSO với 63
    tỉnh); `label` là tên để hiển thị."""

    permission_classes = [AllowAny]
    serializer_class = s.UnitSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("ranking_group", str, enum=RankingGroup.values, required=False),
            OpenApiParameter("kind", str, enum=UnitKind.values, required=False),
            OpenApiParameter("parent", str, required=False, description="Mã đơn vị cấp trên: các đơn vị trực thuộc trực tiếp."),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        try:
            return selectors.units(**{k: params.get(k, "") for k in ("ranking_group", "kind", "parent")})
        except ValueError as exc:
            raise serializers.ValidationError(exc.args[0]) from exc


class UnitDetail(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = s.UnitSerializer
    lookup_field = "code"

    def get_queryset(self):
        return selectors.units()


class RoundList(generics.ListAPIView):
    """Đợt đánh giá (người đã đăng nhập)."""

    serializer_class = s.RoundSerializer
    queryset = Round.objects.select_related("framework").order_by("-year", "ranking_group")


class RoundDetail(generics.RetrieveAPIView):
    serializer_class = s.RoundSerializer
    queryset = Round.objects.select_related("framework")


# --- Submissions ----------------------------------------------------------------------------


class SubmissionList(generics.ListAPIView):
    """Hồ sơ: cán bộ tỉnh thấy hồ sơ của đơn vị mình; chuyên viên thẩm định thấy mọi hồ sơ."""

    permission_classes = [IsOfficerOrReviewer]
    serializer_class = s.SubmissionSerializer

    @extend_schema(parameters=[OpenApiParameter("round", int, required=False)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = selectors.submissions_for(self.request.user)
        round_id = self.request.query_params.get("round", "")
        if round_id:
            if not round_id.isdigit() or len(round_id) > 18:
                raise serializers.ValidationError({"round": [_("Mã đợt phải là số nguyên.")]})
            qs = qs.filter(round_id=int(round_id))
        return qs


def _detail(request, submission) -> Response:
    submission = selectors.with_rows(submission)
    context = {"scores_visible": selectors.scores_visible(request.user, submission)}
    return Response(s.SubmissionDetailSerializer(submission, context=context).data)


class SubmissionDetail(APIView):
    """Hồ sơ với số liệu từng chỉ số, tài liệu kiểm chứng và thông tin chung."""

    @extend_schema(responses=s.SubmissionDetailSerializer)
    def get(self, request, pk):
        return _detail(request, access.get_submission_for_user(request.user, pk))


def _by_code(rows, errors, key):
    """Service errors are keyed by row id; the API speaks in codes."""
    return {key.get(k, k): v for k, v in errors.items()}


class SubmissionValues(APIView):
    """Cập nhật số liệu (tất cả hoặc không): cùng quy tắc như trang nhập liệu."""

    @extend_schema(request=s.ValuesInputSerializer, responses={200: s.SaveOutcomeSerializer})
    def patch(self, request, pk):
        submission = access.get_submission_for_user(request.user, pk, write=True)
        data = s.ValuesInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rows = data.validated_data["values"]
        values = {
            v.indicator.code: v
            for v in IndicatorValue.objects.filter(submission=submission).select_related("indicator__main_index")
        }
        errors, by_main, mains = {}, defaultdict(dict), {}
        for row in rows:
            value = values.get(row["indicator"])
            if value is None:
                errors[row["indicator"]] = {"indicator": _("Không có chỉ số “%(code)s” trong hồ sơ.") % {"code": row["indicator"]}}
            elif value.indicator.automatic:
                errors[row["indicator"]] = {"indicator": _("Chỉ số %(code)s được đo tự động; không thể sửa.") % {"code": value.indicator.code}}
            elif value.pk in by_main[value.indicator.main_index_id]:
                errors[row["indicator"]] = {"indicator": _("Chỉ số xuất hiện hai lần.")}
            else:
                mains[value.indicator.main_index_id] = value.indicator.main_index
                by_main[value.indicator.main_index_id][value.pk] = {
                    "inputs": row["inputs"], "version": row.get("version", value.version)
                }
        if errors:
            raise services.ValidationFailed(errors)
        code_of = {v.pk: code for code, v in values.items()}
        changed = unchanged = 0
        try:
            with transaction.atomic():  # several main indices: still all or nothing
                for main_id, main_rows in by_main.items():
                    outcome = services.save_main_index(
                        actor=request.user, submission=submission, main_index=mains[main_id], rows=main_rows, interface=API
                    )
                    changed, unchanged = changed + outcome.changed, unchanged + outcome.unchanged
        except services.ValidationFailed as exc:
            raise services.ValidationFailed(_by_code(rows, exc.errors, code_of), str(exc)) from exc
        except services.StaleSave as exc:
            raise services.StaleSave({code_of.get(k, k): v for k, v in exc.conflicts.items()}) from exc
        return Response({"changed": changed, "unchanged": unchanged})


class SubmissionGeneralInfo(APIView):
    """Cập nhật thông tin chung (mẫu số của các chỉ số tỷ lệ)."""

    @extend_schema(request=s.GeneralInfoItemsInputSerializer, responses={200: s.SaveOutcomeSerializer})
    def patch(self, request, pk):
        submission = access.get_submission_for_user(request.user, pk, write=True)
        data = s.GeneralInfoItemsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        items = {g.item.code: g for g in GeneralInfoValue.objects.filter(submission=submission).select_related("item")}
        errors, rows = {}, {}
        for row in data.validated_data["items"]:
            gv = items.get(row["code"])
            if gv is None:
                errors[row["code"]] = {"code": _("Không có mục thông tin chung “%(code)s”.") % {"code": row["code"]}}
            else:
                rows[gv.pk] = {"value": row["value"], "version": row.get("version", gv.version)}
        if errors:
            raise services.ValidationFailed(errors)
        code_of = {g.pk: code for code, g in items.items()}
        try:
            outcome = services.save_general_info(actor=request.user, submission=submission, rows=rows, interface=API)
        except services.ValidationFailed as exc:
            raise services.ValidationFailed(_by_code(rows, exc.errors, code_of), str(exc)) from exc
        return Response({"changed": outcome.changed, "unchanged": outcome.unchanged})


class SubmissionSubmit(APIView):
    """Gửi hồ sơ (hoặc gửi bổ sung) để thẩm định."""

    @extend_schema(request=None, responses=s.SubmissionSerializer)
    def post(self, request, pk):
        submission = access.get_submission_for_user(request.user, pk, write=True)
        submission = services.submit(actor=request.user, submission=submission, interface=API)
        return Response(s.SubmissionSerializer(submission).data)


# --- Evidence -------------------------------------------------------------------------------


class ValueEvidence(APIView):
    """Tài liệu kiểm chứng của một chỉ số: xem danh sách, tải lên (multipart) kèm trích dẫn."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=s.EvidenceSerializer(many=True))
    def get(self, request, value_pk):
        value = access.get_value_for_user(request.user, value_pk)
        return Response(s.EvidenceSerializer(selectors.current_evidence().filter(value=value), many=True).data)

    @extend_schema(request=s.EvidenceInputSerializer, responses={201: s.EvidenceSerializer})
    def post(self, request, value_pk):
        value = access.get_value_for_user(request.user, value_pk, write=True)
        data = s.EvidenceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        replaces = access.get_evidence_for_user(request.user, d["replaces"], write=True) if d.get("replaces") else None
        evidence = services.add_evidence(
            actor=request.user, value=value, upload=d["file"], replaces=replaces, interface=API,
            **{k: d[k] for k in ("doc_number", "doc_date", "issuing_body", "summary")},
        )
        return Response(s.EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


class EvidenceDetail(APIView):
    @extend_schema(responses=s.EvidenceSerializer)
    def get(self, request, pk):
        return Response(s.EvidenceSerializer(access.get_evidence_for_user(request.user, pk)).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        item = access.get_evidence_for_user(request.user, pk, write=True)
        services.remove_evidence(actor=request.user, evidence=item, interface=API)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EvidenceFile(APIView):
    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request, pk):
        item = access.get_evidence_for_user(request.user, pk)
        try:
            return evidence_files.serve(item)
        except FileNotFoundError as exc:
            raise Http404 from exc


# --- Automatic measures ---------------------------------------------------------------------


class Measurements(APIView):
    """Số liệu đo tự động từ nền tảng quốc gia (chỉ tài khoản hệ thống); cả lô hoặc không gì."""

    permission_classes = [IsSystemAccount]

    @extend_schema(request=s.MeasurementBatchSerializer, responses={200: s.SaveOutcomeSerializer})
    def post(self, request):
        data = s.MeasurementBatchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rnd = get_object_or_404(Round, pk=data.validated_data["round"])
        outcome = feeds.record_measurements(
            actor=request.user, round=rnd, measurements=data.validated_data["measurements"], interface=API
        )
        return Response({"changed": outcome.changed, "unchanged": outcome.unchanged})


# --- Published results (public; never provisional) ------------------------------------------


AUTHORITY_PARAM = OpenApiParameter(
    "authority", str, required=False,
    description="Mã cơ quan đánh giá: để trống (hoặc quoc-gia) là kết quả cấp quốc gia; mã một tỉnh tự đánh giá là kết quả tỉnh đó công bố.",
)


def _authority(request):
    """The `?authority=` of a results request (results.access): 400 with the reason if unknown."""
    try:
        return results_access.authority_from_param(request.query_params.get("authority", ""))
    except ValueError as exc:
        raise serializers.ValidationError(exc.args[0]) from exc


def _with_authority(url: str, authority) -> str:
    return f"{url}?authority={authority.code}" if authority is not None else url


class ResultList(APIView):
    """Các bảng xếp hạng đã công bố của một cơ quan đánh giá (mặc định: cấp quốc gia)."""

    permission_classes = [AllowAny]

    @extend_schema(parameters=[AUTHORITY_PARAM], responses=s.PublishedTableRefSerializer(many=True))
    def get(self, request):
        authority = _authority(request)
        return Response(
            [
                {"year": y, "ranking_group": g, "url": _with_authority(reverse("api:result_table", args=[y, g]), authority)}
                for y, g in available_tables(authority)
            ]
        )


class ResultTable(APIView):
    """Bảng xếp hạng đã công bố của một năm và nhóm đơn vị."""

    permission_classes = [AllowAny]

    @extend_schema(parameters=[AUTHORITY_PARAM], responses=s.ResultTableSerializer, operation_id="results_table")
    def get(self, request, year, group):
        return Response(s.ResultTableSerializer(results_access.get_public_table(year, group, _authority(request))).data)


class ResultUnit(APIView):
    permission_classes = [AllowAny]

    @extend_schema(parameters=[AUTHORITY_PARAM], responses=s.ResultRowSerializer, operation_id="results_unit")
    def get(self, request, year, group, code):
        table = results_access.get_public_table(year, group, _authority(request))
        return Response(s.ResultRowSerializer(results_access.get_public_row(table, code)).data)


