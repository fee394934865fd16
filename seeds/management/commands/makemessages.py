"""`makemessages` tuned for this project's catalogues.

- Also extracts `_l(...)`, the lazy alias used beside `_` in some modules (form labels in
  assessments/forms.py); Django's command only knows the standard names.
- No fuzzy matching: a guessed translation of a similar string is usually wrong (and a
  fuzzy entry is not used at run time anyway); a new string arrives with an empty msgstr,
  and tests/test_translations.py fails until someone translates it.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_l"]
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
