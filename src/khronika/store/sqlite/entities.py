"""Entities across the store: one row per real-world thing, its aliases, its mentions.

An article's analysis names entities by article-level ids (``analysis/entities``).
On storing, each is linked to a stored entity:

0. a name split off by hand (``entity_name_pins``) goes to the entity it was given,
   and an id merged away by hand (``entity_redirects``) to the one it was merged
   into (``store/sqlite/entity_corrections.py``);
1. the same id is already stored (alias-table ids, identical names);
2. else one stored entity of the same type has this name's Latin match key as an
   alias (Лукашенко -> lukashenko <- Lukashenko), or, between Ukrainian and Russian,
   the key a Ukrainian name has with г read as g (Луганська / Луганская область);
3. else, for a person, one stored person has this surname, and the names do not
   disagree (a lone surname, or the same first name in another script's spelling:
   Дмитро / Дмитрий, Сергій / Sergei);
4. else it is a new entity.

The stored analysis then carries the stored ids, so every later stage sees one
id per thing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from typing import Any

from khronika.records import AnalysedArticle, EntityMention, EntityType
from khronika.store.sqlite.entity_corrections import merge_entities, split_entity
from khronika.store.sqlite.migrations import now_iso
from khronika.transliterate import match_key, same_first_name

_UKRAINIAN_G = str.maketrans("гГ", "ґҐ")
_CYRILLIC_LANGUAGES = frozenset({"uk", "ru", "be", "bg", "sr", "mk"})
_MAX_REDIRECTS = 20  # chains of merges are short; a bound guards against a cycle


def _candidates(db: sqlite3.Connection, key: str, entity_type: str, kind: str | None = None) -> list[str]:
    sql = """SELECT DISTINCT a.entity_id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id
             WHERE a.key = ? AND e.type = ?"""
    params: list[Any] = [key, entity_type]
    if kind:
        sql += " AND a.kind = ?"
        params.append(kind)
    return [row[0] for row in db.execute(sql, params)]


def russian_style_key(name: str) -> str:
    """A Ukrainian name's key with г read as Russian г (g), not h: the key Russian
    spelling gives (Луганська область, luhanska -> luganska: Луганская область)."""
    return match_key(name.translate(_UKRAINIAN_G), "uk")


def _cross_candidates(db: sqlite3.Connection, canonical: str, lang: str, entity_type: str) -> list[str]:
    """A Ukrainian name meets a Russian one by its Russian-style key, and the other way round."""
    if lang == "uk":
        sql = "a.key = ? AND (a.kind = 'cross' OR a.lang = 'ru')"
        key = russian_style_key(canonical)
    elif lang == "ru":
        sql, key = "a.key = ? AND a.kind = 'cross'", match_key(canonical, lang)
    else:
        return []
    rows = db.execute(
        f"""SELECT DISTINCT a.entity_id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id
            WHERE {sql} AND e.type = ?""",
        (key, entity_type),
    )
    return [row[0] for row in rows]


def _first_names(db: sqlite3.Connection, entity_id: str) -> set[tuple[str, str]]:
    """The first names of a stored person's names, with the language of each."""
    rows = db.execute("SELECT key, lang FROM entity_aliases WHERE entity_id = ? AND kind = 'name'", (entity_id,))
    return {(key.split()[0], lang) for key, lang in rows if " " in key}


def _spellings_of_one_first_name(key: str, lang: str, other: str, other_lang: str) -> bool:
    """Дмитро (uk) and Дмитрий (ru) or Dmitry (en): one name in two languages' spelling,
    where one side is Cyrillic; Latin spellings in Latin-script languages stay apart
    (fuzzy there, junk spans such as Afrique du Nord / Amérique du Nord met)."""
    return lang != other_lang and bool({lang, other_lang} & _CYRILLIC_LANGUAGES) and same_first_name(key, other)


def resolve_redirect(db: sqlite3.Connection, entity_id: str) -> str:
    """The entity an id now stands for: an id merged away by hand redirects to the one kept."""
    for _ in range(_MAX_REDIRECTS):
        row = db.execute("SELECT target_id FROM entity_redirects WHERE entity_id = ?", (entity_id,)).fetchone()
        if row is None:
            break
        entity_id = row[0]
    return entity_id


def _link_one(db: sqlite3.Connection, mention: EntityMention, lang: str) -> str:
    key = match_key(mention.canonical, lang)
    pinned = db.execute(
        "SELECT entity_id FROM entity_name_pins WHERE key = ? AND type = ?", (key, mention.type.value)
    ).fetchone()
    if pinned is not None:
        return resolve_redirect(db, pinned[0])
    entity_id = resolve_redirect(db, mention.entity_id)
    if db.execute("SELECT 1 FROM entities WHERE id = ?", (entity_id,)).fetchone():
        return entity_id
    found = _candidates(db, key, mention.type.value) or _cross_candidates(
        db, mention.canonical, lang, mention.type.value
    )
    if len(found) == 1:
        return found[0]
    words = key.split()
    if mention.type is EntityType.PER and words:
        people = _candidates(db, words[-1], "PER", "surname") + _candidates(db, words[-1], "PER", "name")
        people = list(dict.fromkeys(people))
        if len(people) == 1:
            known_first = _first_names(db, people[0])
            if (
                len(words) == 1
                or not known_first
                or any(
                    first == words[0] or _spellings_of_one_first_name(words[0], lang, first, known_lang)
                    for first, known_lang in known_first
                )
            ):
                return people[0]
    db.execute(
        "INSERT INTO entities (id, type, canonical, lang, created_at) VALUES (?, ?, ?, ?, ?)",
        (mention.entity_id, mention.type.value, mention.canonical, lang, now_iso()),
    )
    return mention.entity_id


def _alias_rows(entity_id: str, mention: EntityMention, lang: str) -> list[tuple[str, str, str, str, str]]:
    key = match_key(mention.canonical, lang)
    rows = [(entity_id, mention.canonical, lang, key, "name")]
    words = mention.canonical.split()
    if mention.type is EntityType.PER and len(words) > 1:
        rows.append((entity_id, words[-1], lang, key.split()[-1], "surname"))
    if lang == "uk" and (cross := russian_style_key(mention.canonical)) != key:
        rows.append((entity_id, mention.canonical, lang, cross, "cross"))
    if _is_abbreviation(mention.text) and match_key(mention.text, lang) != key:
        # an abbreviation the analysis joined to a full name (``НБУ`` of Національний банк
        # України): a name of the entity, so a later article's НБУ alone links to it
        rows.append((entity_id, mention.text, lang, match_key(mention.text, lang), "name"))
    return rows


def _is_abbreviation(text: str) -> bool:
    letters = text.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def store_entities(db: sqlite3.Connection, article_id: int, analysis: AnalysedArticle) -> AnalysedArticle:
    """Link, record and return the analysis with stored entity ids (inside the
    caller's transaction)."""
    db.execute("DELETE FROM entity_mentions WHERE article_id = ?", (article_id,))
    linked: dict[str, str] = {}
    aliases_added: set[tuple[str, str, str, str, str]] = set()
    mentions = []
    for mention in analysis.entities:
        if mention.entity_id not in linked:
            linked[mention.entity_id] = _link_one(db, mention, analysis.lang)
        entity_id = linked[mention.entity_id]
        stored = mention if entity_id == mention.entity_id else replace(mention, entity_id=entity_id)
        # a row this article wrote already would be ignored by the primary key: not sent again
        rows = [row for row in _alias_rows(entity_id, stored, analysis.lang) if row not in aliases_added]
        if rows:
            aliases_added.update(rows)
            db.executemany("INSERT OR IGNORE INTO entity_aliases VALUES (?, ?, ?, ?, ?)", rows)
        mentions.append(stored)
    db.executemany(
        'INSERT INTO entity_mentions (article_id, entity_id, field, start, "end", text) VALUES (?, ?, ?, ?, ?, ?)',
        [(article_id, m.entity_id, m.field.value, m.start, m.end, m.text) for m in mentions],
    )
    claims = tuple(
        claim
        if not claim.entity_id or linked.get(claim.entity_id, claim.entity_id) == claim.entity_id
        else replace(claim, entity_id=linked[claim.entity_id])
        for claim in analysis.claims
    )
    return replace(analysis, entities=tuple(mentions), claims=claims)


_ENTITY_SUMMARY = """SELECT e.id, e.type, e.canonical, COUNT(m.entity_id), COUNT(DISTINCT m.article_id)
    FROM entities e LEFT JOIN entity_mentions m ON m.entity_id = e.id"""


def _summaries(db: sqlite3.Connection, sql: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
    result = []
    for entity_id, entity_type, canonical, mentions, articles in db.execute(sql, params).fetchall():
        aliases = [row[0] for row in db.execute(
            "SELECT DISTINCT alias FROM entity_aliases WHERE entity_id = ? AND kind = 'name' ORDER BY alias", (entity_id,)
        )]  # fmt: skip
        result.append(
            {"id": entity_id, "type": entity_type, "canonical": canonical, "aliases": aliases,
             "mentions": mentions, "articles": articles}
        )  # fmt: skip
    return result


def list_entities(db: sqlite3.Connection, limit: int | None = None) -> list[dict[str, Any]]:
    sql = f"""{_ENTITY_SUMMARY} GROUP BY e.id
              ORDER BY COUNT(DISTINCT m.article_id) DESC, COUNT(m.entity_id) DESC, e.id"""
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return _summaries(db, sql, ())


def find_entity(db: sqlite3.Connection, name: str) -> dict[str, Any] | None:
    """An entity by id, or by any of its names in any script (match key)."""
    row = db.execute("SELECT id FROM entities WHERE id = ?", (resolve_redirect(db, name),)).fetchone()
    if row is None:
        # of the entities a name form may be (Лукашенко: the person, and a MISC the
        # tagger once made of it), the one in most articles, then a full name before a surname
        row = db.execute(
            """SELECT al.entity_id FROM entity_aliases al WHERE al.key = ?
               ORDER BY (SELECT COUNT(DISTINCT m.article_id) FROM entity_mentions m WHERE m.entity_id = al.entity_id)
               DESC, al.kind = 'surname' LIMIT 1""",
            (match_key(name),),
        ).fetchone()
        if row is None:
            return None
    entity = _summaries(db, f"{_ENTITY_SUMMARY} WHERE e.id = ? GROUP BY e.id", (row[0],))[0]
    entity["articles_list"] = [
        {"id": article_id, "title": title, "published": published, "mentions": count}
        for article_id, title, published, count in db.execute(
            """SELECT a.id, a.title, a.published_day, COUNT(*) FROM entity_mentions m
               JOIN articles a ON a.id = m.article_id
               WHERE m.entity_id = ? GROUP BY a.id ORDER BY a.published_day, a.id""",
            (row[0],),
        )
    ]
    return entity


class EntityTables:
    """Entities, aliases, mentions and their corrections (a part of ``SQLiteStore``)."""

    _db: sqlite3.Connection

    def link_entities(self, article_id: int, analysis: AnalysedArticle) -> AnalysedArticle:
        return store_entities(self._db, article_id, analysis)

    def entities(self, limit: int | None = None) -> list[dict[str, Any]]:
        return list_entities(self._db, limit)

    def entity(self, name: str) -> dict[str, Any] | None:
        return find_entity(self._db, name)

    def merge_entities(self, entity_id: str, merged_id: str) -> dict[str, Any]:
        return merge_entities(self._db, entity_id, merged_id)

    def split_entity(self, entity_id: str, alias: str) -> dict[str, Any]:
        return split_entity(self._db, entity_id, alias)
