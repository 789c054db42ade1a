"""Entity corrections by hand: ``entity merge A B`` and ``entity split ENTITY ALIAS``.

Both change the store at once and leave a rule that later linking obeys
(``store/sqlite/entities.py``, step 0):

- merge: B's mentions and aliases become A's, B's id redirects to A
  (``entity_redirects``), so a later article naming B in any form links to A;
- split: the alias (every stored name form with its match key) leaves the entity
  for a new one, and the key is pinned to it (``entity_name_pins``), so a later
  article using that name links to the new entity, whatever id its analysis gave.

The stored analyses, the mentions and the articles' term bags are rewritten to the
new ids at once, and so are the stories' and storylines' entity counts (a merge
renames the id in them; a split counts again the clusters of the articles it
touched, from their stored bags), so the views and the next ``recluster`` see the
corrected entities. The centroids' ``@entity`` terms keep the old id after a split
until the next ``recluster`` (they only help find candidate stories). The caller
records the decision and holds the transaction.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from khronika.errors import UsageError
from khronika.store.sqlite.migrations import json_column, now_iso
from khronika.store.sqlite.stories import (
    save_bag,
    stored_bag,
    stored_bags,
    stored_entity_ids,
    story_members,
    storyline_members,
)
from khronika.transliterate import match_key

ENTITY_TERM_PREFIX = "@"  # as stories/assign.py writes entity ids into term bags
# (mention as stored in the analysis JSON, article language) -> its new entity id, or None to keep it
Relink = Callable[[dict[str, Any], str], str | None]


def _articles_naming(db: sqlite3.Connection, entity_id: str) -> list[int]:
    rows = db.execute("SELECT DISTINCT article_id FROM entity_mentions WHERE entity_id = ? ORDER BY 1", (entity_id,))
    return [int(row[0]) for row in rows]


def _relink_article(db: sqlite3.Connection, article_id: int, relink: Relink) -> int:
    """Give the article's chosen mentions their new ids (analysis, mentions, term bag); return how many."""
    row = db.execute("SELECT analysis FROM analyses WHERE article_id = ?", (article_id,)).fetchone()
    if row is None:
        return 0
    analysis = json.loads(row[0])
    lang = analysis.get("language", "")
    changed: dict[str, set[str]] = {}  # old id -> new ids
    kept: set[str] = set()  # old ids some mention still carries
    count = 0
    for mention in analysis["entities"]:
        old = mention["entity_id"]
        new = relink(mention, lang)
        if new is None or new == old:
            kept.add(old)
            continue
        mention["entity_id"] = new
        changed.setdefault(old, set()).add(new)
        db.execute(
            "UPDATE entity_mentions SET entity_id = ? WHERE article_id = ? AND start = ? AND entity_id = ?",
            (new, article_id, mention["start"], old),
        )
        count += 1
    for claim in analysis.get("claims", []):  # a claim follows its source when all its mentions moved one way
        targets = changed.get(claim.get("entity_id") or "", set())
        if len(targets) == 1 and claim["entity_id"] not in kept:
            claim["entity_id"] = next(iter(targets))
    if count:
        db.execute(
            "UPDATE analyses SET analysis = ? WHERE article_id = ?",
            (json_column(analysis), article_id),
        )
        bag = stored_bag(db, article_id)
        if bag is not None:
            save_bag(db, article_id, replace(bag, entities=tuple(sorted(stored_entity_ids(db, article_id)))))
    return count


def _rename_in_clusters(db: sqlite3.Connection, old: str, new: str) -> None:
    """Stories' and storylines' entity counts (and entity terms) under the kept id."""
    for table in ("stories", "storylines"):
        rows = db.execute(f"SELECT id, terms, entities FROM {table} WHERE entities LIKE ?", (f'%"{old}"%',))
        for row_id, terms_json, entities_json in rows.fetchall():
            renamed = []
            for weights, key_old, key_new in (
                (json.loads(terms_json), ENTITY_TERM_PREFIX + old, ENTITY_TERM_PREFIX + new),
                (json.loads(entities_json), old, new),
            ):
                if key_old in weights:
                    weights[key_new] = weights.get(key_new, 0.0) + weights.pop(key_old)
                renamed.append(json_column(weights))
            db.execute(f"UPDATE {table} SET terms = ?, entities = ? WHERE id = ?", (*renamed, row_id))


def _recount_clusters(db: sqlite3.Connection, article_ids: list[int]) -> None:
    """The entity counts of the stories and storylines holding these articles, again
    from their members' stored bags: a cluster counts each entity once per article
    (``stories/index.py``), and keeps at most as many entities as it kept before, plus
    the one a split adds."""
    marks = ",".join("?" * len(article_ids))
    stories = [row[0] for row in db.execute(
        f"SELECT DISTINCT story_id FROM story_articles WHERE article_id IN ({marks})", article_ids
    )]  # fmt: skip
    storylines = [row[0] for row in db.execute(
        f"SELECT DISTINCT storyline_id FROM stories WHERE storyline_id IS NOT NULL AND id IN ({','.join('?' * len(stories))})",
        stories,
    )]  # fmt: skip
    for table, members, cluster_ids in (
        ("stories", story_members, stories),
        ("storylines", storyline_members, storylines),
    ):
        for cluster_id in cluster_ids:
            row = db.execute(f"SELECT entities FROM {table} WHERE id = ?", (cluster_id,)).fetchone()
            if row is None:
                continue
            counts: Counter[str] = Counter()
            for bag in stored_bags(db, members(db, cluster_id)):
                counts.update(set(bag.entities))
            kept = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[: len(json.loads(row[0])) + 1]
            weights = {entity: float(count) for entity, count in sorted(kept)}
            db.execute(
                f"UPDATE {table} SET entities = ?, entity_norm = ? WHERE id = ?",
                (json_column(weights),
                 math.sqrt(sum(count * count for count in weights.values())), cluster_id),
            )  # fmt: skip


def merge_entities(db: sqlite3.Connection, entity_id: str, merged_id: str) -> dict[str, Any]:
    """Entity ``merged_id`` becomes ``entity_id``; returns what changed."""
    if entity_id == merged_id:
        raise UsageError(f"cannot merge entity {entity_id} with itself")
    articles = _articles_naming(db, merged_id)
    mentions = sum(
        _relink_article(db, article, lambda mention, _: entity_id if mention["entity_id"] == merged_id else None)
        for article in articles
    )
    db.execute("UPDATE entity_mentions SET entity_id = ? WHERE entity_id = ?", (entity_id, merged_id))
    aliases = [row[0] for row in db.execute(
        "SELECT DISTINCT alias FROM entity_aliases WHERE entity_id = ? AND kind = 'name' ORDER BY alias", (merged_id,)
    )]  # fmt: skip
    db.execute(
        """INSERT OR IGNORE INTO entity_aliases SELECT ?, alias, lang, key, kind FROM entity_aliases
           WHERE entity_id = ?""",
        (entity_id, merged_id),
    )
    db.execute("DELETE FROM entity_aliases WHERE entity_id = ?", (merged_id,))
    db.execute("UPDATE entity_redirects SET target_id = ? WHERE target_id = ?", (entity_id, merged_id))
    db.execute("INSERT OR REPLACE INTO entity_redirects VALUES (?, ?)", (merged_id, entity_id))
    db.execute("UPDATE entity_name_pins SET entity_id = ? WHERE entity_id = ?", (entity_id, merged_id))
    db.execute("DELETE FROM entities WHERE id = ?", (merged_id,))
    _rename_in_clusters(db, merged_id, entity_id)
    return {"entity": entity_id, "merged": merged_id, "mentions": mentions, "articles": len(articles),
            "aliases": aliases}  # fmt: skip


def _new_entity_id(db: sqlite3.Connection, entity_id: str, entity_type: str, key: str) -> str:
    prefix = entity_id.split(":", 1)[0] if ":" in entity_id else entity_type.lower()
    base = f"{prefix}:{key.replace(' ', '-')}"
    candidate, number = base, 1
    while db.execute(
        "SELECT 1 FROM entities WHERE id = ? UNION SELECT 1 FROM entity_redirects WHERE entity_id = ?",
        (candidate, candidate),
    ).fetchone():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def split_entity(db: sqlite3.Connection, entity_id: str, alias: str) -> dict[str, Any]:
    """The name form ``alias`` leaves ``entity_id`` and becomes an entity of its own."""
    entity_type, canonical, lang = db.execute(
        "SELECT type, canonical, lang FROM entities WHERE id = ?", (entity_id,)
    ).fetchone()
    names = db.execute(
        "SELECT alias, lang, key, kind FROM entity_aliases WHERE entity_id = ? ORDER BY kind, alias", (entity_id,)
    ).fetchall()
    typed = match_key(alias)
    keys = {key for name, _, key, _ in names if name == alias or key == typed}
    if not keys:
        known = ", ".join(sorted({name for name, _, _, kind in names if kind == "name"}))
        raise UsageError(f"entity {entity_id} has no name {alias!r} (its names: {known or 'none'})")
    remaining = [name for name, _, key, kind in names if kind == "name" and key not in keys]
    if not remaining:
        raise UsageError(f"{alias!r} is the only name of entity {entity_id}: there is nothing to split off")
    moved = [(name, name_lang, key) for name, name_lang, key, kind in names if key in keys and kind == "name"]
    new_canonical, new_lang, new_key = next(
        (m for m in moved if m[0] == alias), moved[0] if moved else (alias, lang, typed)
    )
    new_id = _new_entity_id(db, entity_id, entity_type, new_key)
    db.execute(
        "INSERT INTO entities (id, type, canonical, lang, created_at) VALUES (?, ?, ?, ?, ?)",
        (new_id, entity_type, new_canonical, new_lang, now_iso()),
    )
    db.executemany(
        "UPDATE entity_aliases SET entity_id = ? WHERE entity_id = ? AND key = ?",
        [(new_id, entity_id, key) for key in sorted(keys)],
    )
    db.executemany(
        "INSERT OR REPLACE INTO entity_name_pins VALUES (?, ?, ?)", [(key, entity_type, new_id) for key in sorted(keys)]
    )
    if match_key(canonical, lang) in keys:
        db.execute("UPDATE entities SET canonical = ? WHERE id = ?", (remaining[0], entity_id))

    def relink(mention: dict[str, Any], mention_lang: str) -> str | None:
        if mention["entity_id"] != entity_id:
            return None
        named = match_key(mention["canonical"], mention_lang)
        return new_id if named in keys or match_key(mention["text"], mention_lang) in keys else None

    articles = _articles_naming(db, entity_id)
    mentions = sum(_relink_article(db, article, relink) for article in articles)
    if articles:
        _recount_clusters(db, articles)
    return {"entity": entity_id, "alias": alias, "new_entity": new_id, "mentions": mentions,
            "articles": len(_articles_naming(db, new_id))}  # fmt: skip
