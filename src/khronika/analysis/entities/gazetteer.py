"""Place names (rules/common/places.tsv.gz, see its PLACES-LICENCE.md) for NER."""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources


@cache
def places() -> dict[str, str]:
    """Casefolded place name -> kind (``country`` or ``city``)."""
    data = resources.files("khronika.rules").joinpath("common", "places.tsv.gz").read_bytes()
    found: dict[str, str] = {}
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        name, kind, _country = line.split("\t")
        key = name.casefold()
        if found.get(key) != "country":  # a country name wins over a city of that name
            found[key] = kind
    return found


def place_kind(name: str) -> str | None:
    return places().get(name.casefold())
