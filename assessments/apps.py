from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Tự đánh giá")

    def ready(self):
        # The Jinja2 partials' filters that need this app's models (core imports no app).
        from core import jinja

        from .templatetags import assessment_tags as tags

        jinja.register(
            filters={"rule_text": tags.rule_text, "evidence_text": tags.evidence_text},
            globals={"inputs_text": tags.inputs_text},
        )
