from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = _("Kết quả và xếp hạng")

    def ready(self):
        # assessments gives final points outside the review (a unit closed out "scored as is")
        # and may not import this app: it calls what is registered here.
        from assessments.services import rankings

        from .services import request_recompute

        rankings.register(request_recompute)
