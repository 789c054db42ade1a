"""Months, weekdays and time zones are no entities (analysis/entities/calendar_names.py)."""

from __future__ import annotations

import pytest

from khronika.analysis.entities.calendar_names import is_calendar_name


@pytest.mark.parametrize(
    ("surface", "lang"),
    [("Oct.", "en"), ("Aug. 9", "en"), ("Sunday", "en"), ("Sunday’s", "en"), ("GMT", "en"), ("16 вересня", "uk"), ("понеділок", "uk"),
     ("Lunes", "es"), ("octobre", "fr"), ("UTC", "ru")],
)  # fmt: skip
def test_calendar_words_are_no_names(surface: str, lang: str) -> None:
    assert is_calendar_name(surface, lang)


@pytest.mark.parametrize(
    ("surface", "lang"),
    [("May", "en"), ("March", "en"), ("Theresa May", "en"), ("Лукашенко", "uk"), ("лютий", "uk"),
     ("Августа", "ru"), ("Plaza de Mayo", "es"), ("2020", "en")],
)  # fmt: skip
def test_names_that_look_like_dates_and_other_names_stay(surface: str, lang: str) -> None:
    assert not is_calendar_name(surface, lang)
