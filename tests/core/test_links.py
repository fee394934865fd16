"""core.links: a URL reversed once for a page's many objects."""

import pytest
from django.urls import reverse

from core.links import by_id


@pytest.mark.parametrize("name, args", [
    ("assessments:points", []), ("assessments:evidence", []), ("assessments:entry", [7]), ("review:appraise", [3]),
])
def test_a_link_by_id_is_the_reversed_url(name, args):
    for pk in (1, 42, 987654321, 10**12):
        assert by_id(name, *args)(pk) == reverse(name, args=[*args, pk])
