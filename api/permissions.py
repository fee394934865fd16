from rest_framework.permissions import BasePermission

from accounts import access


class IsOfficerOrReviewer(BasePermission):
    """Submissions are read by the unit's officers and, once sent, by reviewers (the rule is
    assessments.access and api.selectors.submissions_for); others are refused (403)."""

    def has_permission(self, request, view):
        return access.is_any_officer(request.user) or access.is_any_reviewer(request.user)


class IsSystemAccount(BasePermission):
    message = "Chỉ tài khoản hệ thống được gửi số liệu đo tự động."

    def has_permission(self, request, view):
        return access.is_system(request.user)
