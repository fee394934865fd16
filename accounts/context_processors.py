from . import access


def navigation(request):
    user = getattr(request, "user", None)
    unread = 0
    if user is not None and user.is_authenticated:
        from .notifications import unread_count

        unread = unread_count(user)
    return {
        "unread_notifications": unread,
        "nav": {
            # In any authority (issue 18): the pages behind these links filter by authority.
            "officer": access.is_any_officer(user),
            "reviewer": access.is_any_reviewer(user),
            "lead_reviewer": access.is_any_lead_reviewer(user),
            "admin": access.is_any_admin(user),
        }
    }
