"""core.language.localized: framework content in the reader's language — the file's English
where it gives one, else the Vietnamese; the one rule behind every `name` and `title`."""

from __future__ import annotations

import pytest
from django.utils import translation

from assessments.models import Framework, MainIndex
from core import language


def test_english_readers_get_the_english_text():
    with translation.override("en"):
        assert language.localized("Nhận thức số", "Digital awareness") == "Digital awareness"


def test_vietnamese_readers_get_the_vietnamese_text():
    with translation.override("vi"):
        assert language.localized("Nhận thức số", "Digital awareness") == "Nhận thức số"


@pytest.mark.parametrize("missing", ["", "   ", None])
def test_english_readers_get_the_vietnamese_where_the_file_gives_no_english(missing):
    with translation.override("en"):
        assert language.localized("Nhận thức số", missing) == "Nhận thức số"


def test_a_text_under_two_keys_is_read_in_english_for_english_readers():
    with translation.override("en"):
        assert language.localized_key({"label_vi": "Có", "label_en": "Yes"}, "label") == "Yes"


def test_a_text_under_two_keys_without_english_is_read_in_vietnamese():
    with translation.override("en"):
        assert language.localized_key({"label_vi": "Có"}, "label") == "Có"


def test_a_text_the_file_does_not_give_is_none():
    with translation.override("en"):
        assert language.localized_key({}, "label") is None


def test_a_framework_items_name_follows_the_active_language():
    main = MainIndex(name_vi="Nhận thức số", name_en="Digital awareness")
    with translation.override("en"):
        english = main.name
    assert (english, main.name) == ("Digital awareness", "Nhận thức số")  # the tests start in Vietnamese


@pytest.mark.django_db  # a new Framework's default authority is the national one, read once per process
def test_a_frameworks_title_follows_the_active_language():
    framework = Framework(title_vi="Bộ chỉ số cấp tỉnh", title_en="Provincial index")
    with translation.override("en"):
        assert framework.title == "Provincial index"


def test_a_framework_item_still_prints_its_vietnamese_name_for_the_admin_and_the_trail():
    with translation.override("en"):
        assert str(MainIndex(name_vi="Nhận thức số", name_en="Digital awareness")) == "Nhận thức số"
