"""Language rules kept as data: ``rules/<lang>/<name>.json``."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

RULE_LANGUAGES = ("uk", "ru", "en", "es", "fr", "it")


@cache
def load_rules(lang: str, name: str) -> dict[str, Any]:
    """The ``name`` rules of ``lang``, or an empty dict where there are none."""
    if lang not in RULE_LANGUAGES:
        return {}
    path = resources.files(__package__).joinpath(lang, f"{name}.json")
    if not path.is_file():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
