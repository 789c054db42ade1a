"""``to_json()`` for the API's result records: fields in order, records nested."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Any


def as_json(value: Any) -> Any:
    """A record (or a list, tuple or dict of them) as JSON-ready data, fields in order."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: as_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [as_json(item) for item in value]
    if isinstance(value, Mapping):
        return {key: as_json(item) for key, item in value.items()}
    return value


class JsonRecord:
    """``to_json()`` (JSON-ready data: a dict) and ``to_json_text()`` (that as JSON
    text, as ``--json`` prints it) for the frozen dataclasses below."""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = as_json(self)
        return data

    def to_json_text(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2)
