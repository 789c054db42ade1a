"""Language identification with lingua over a wider set than khronika analyses.

Belarusian and Polish (and the other neighbours below) are in the set so that they
are named for what they are instead of being misfiled as Ukrainian or Russian.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

UNDETERMINED = "und"
_SAMPLE_CHARS = 500  # more text rarely changes the answer; lingua's cost grows with it
_MIN_LETTERS = 12
_MIN_CONFIDENCE = 0.5
_NON_LETTERS = re.compile(r"[\W\d_]+")

DETECTED_LANGUAGES = (
    Language.UKRAINIAN,
    Language.RUSSIAN,
    Language.BELARUSIAN,
    Language.POLISH,
    Language.BULGARIAN,
    Language.SERBIAN,
    Language.CZECH,
    Language.SLOVAK,
    Language.ENGLISH,
    Language.GERMAN,
    Language.DUTCH,
    Language.SPANISH,
    Language.PORTUGUESE,
    Language.FRENCH,
    Language.ITALIAN,
    Language.ROMANIAN,
    Language.TURKISH,
    Language.ARABIC,
)


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*DETECTED_LANGUAGES).build()


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, or ``und`` when unsure."""
    sample = text[:_SAMPLE_CHARS]
    if len(_NON_LETTERS.sub("", sample)) < _MIN_LETTERS:
        return UNDETERMINED
    confidences = _detector().compute_language_confidence_values(sample)
    if not confidences or confidences[0].value < _MIN_CONFIDENCE:
        return UNDETERMINED
    return confidences[0].language.iso_code_639_1.name.lower()
