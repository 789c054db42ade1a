"""The alias table: one entity's names across languages (rules/common/aliases.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from khronika.transliterate import match_key


@dataclass(frozen=True)
class AliasGroup:
    id: str
    type: str
    names: dict[str, tuple[str, ...]]  # language -> names, the canonical one first

    def canonical(self, lang: str, fallback: str) -> str:
        names = self.names.get(lang)
        return names[0] if names else fallback


def _acronym(name: str) -> bool:
    letters = [ch for ch in name if ch.isalpha()]
    return len(letters) <= 2 and all(ch.isupper() for ch in letters)


@cache
def _index() -> dict[tuple[str, str], AliasGroup]:
    """(type, match key of any name) -> group; a two-letter all-caps name (ЄС, UE) is keyed
    with an ``=`` of its own, as only an all-caps word may be it: the Spanish ``Es`` is no ЄС."""
    text = resources.files("khronika.rules").joinpath("common", "aliases.json").read_text(encoding="utf-8")
    index: dict[tuple[str, str], AliasGroup] = {}
    for raw in json.loads(text)["groups"]:
        group = AliasGroup(raw["id"], raw["type"], {lang: tuple(names) for lang, names in raw["names"].items()})
        for lang, names in group.names.items():
            for name in names:
                index.setdefault((group.type, _key(name, lang)), group)
                if group.type == "PER" and " " in name:  # the surname alone names the person too
                    index.setdefault((group.type, match_key(name.split()[-1], lang)), group)
    return index


def _key(name: str, lang: str) -> str:
    key = match_key(name, lang)
    return f"={key}" if _acronym(name) else key


def find_alias_group(name: str, lang: str, entity_type: str) -> AliasGroup | None:
    return _index().get((entity_type, _key(name, lang)))


@cache
def _any_type_index() -> dict[str, AliasGroup]:
    found: dict[str, AliasGroup] = {}
    for (_type, key), group in _index().items():
        found.setdefault(key, group)
    return found


def find_any_alias_group(name: str, lang: str) -> AliasGroup | None:
    """The alias entry any of whose names (or, for people, surnames) ``name`` is."""
    return _any_type_index().get(_key(name, lang))
