from . import access


def navigation(request):
    user = getattr(request, "user", None)
    return {
        "nav": {
            "officer": access.is_officer(user),
            "reviewer": access.is_reviewer(user),
            "lead_reviewer": access.is_lead_reviewer(user),
            "admin": access.is_admin(user),
        }
    }
