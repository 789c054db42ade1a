"""A dev set for who said what, read in place from Universal Dependencies treebanks.

Real sentences that hold a reporting verb (a broad list of lemmas fixed here, not
khronika's own lexicon) are drawn with a seed from the treebanks' own files,
which stay where they are: ``quality/attribution-dev.jsonl`` holds, per sentence,
the treebank file, the ``sent_id``, a SHA-1 of the text and the gold claims as
character offsets into that text (source and cue), never the text itself.

    # draft: sample sentences and propose gold from the treebank's own trees
    .venv/bin/python scripts/attribution_devset.py draft --ud DIR --out FILE
    # score khronika on the dev set (both halves, and each apart)
    .venv/bin/python scripts/attribution_devset.py score --ud DIR [--gold FILE] [--errors]

DIR holds the ``.conllu`` files named in the gold file (``ru_pud-ud-test.conllu``,
``ru_taiga-ud-dev.conllu``, ``uk_iu-ud-dev.conllu``, ``en_pud-ud-test.conllu``:
the public UD_Russian-PUD, UD_Russian-Taiga, UD_Ukrainian-IU and UD_English-PUD
repositories; CC BY-SA 3.0/4.0 and, for Ukrainian-IU, CC BY-NC-SA 4.0, which is
why no text is copied). Written sentences (the issue's patterns, marked
``"written": true``) carry their own text.

The draft's gold comes from the treebank's human trees (the nsubj of a reporting
verb: a named person by the name, another noun by its head with its modifiers, a
pronoun as written) and was then read and corrected by hand, sentence by
sentence; ``half`` was drawn with the seed before any tuning ("tune" / "test").
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPORTING_LEMMAS = {
    "ru": "сказать заявить сообщить отметить говорить утверждать писать подчеркнуть рассказать добавить "
    "пояснить признать предупредить объявить заметить ответить отвечать сообщать заявлять отмечать "
    "рассказывать объяснить объяснять уверять настаивать указать указывать напомнить уточнить "
    "подтвердить сообщаться говориться признаться",
    "uk": "сказати заявити повідомити зазначити говорити казати стверджувати писати підкреслити розповісти "
    "додати пояснити визнати попередити оголосити заявляти повідомляти зазначати розповідати "
    "наголосити наголошувати відповісти запевнити нагадати уточнити підтвердити повідомлятися",
    "en": "say tell state report claim announce add explain note warn insist argue write admit confirm deny suggest",
}
REPORTING = {lang: frozenset(words.split(" ")) for lang, words in REPORTING_LEMMAS.items()}
SOURCES = {  # treebank file -> language, and which documents (sent_id prefixes) count
    "ru_pud-ud-test.conllu": ("ru", ("n",)),
    "ru_taiga-ud-dev.conllu": ("ru", ("xud",)),
    "uk_iu-ud-dev.conllu": ("uk", ("",)),
    "en_pud-ud-test.conllu": ("en", ("n",)),
}
PER_LANGUAGE = {"ru": 70, "uk": 60, "en": 40}
SEED = 12
MODIFIERS = {"amod", "nmod", "det", "nummod", "compound", "flat", "flat:name", "flat:foreign", "case", "nmod:poss"}


def sentences(path: Path) -> Iterator[tuple[str, str, list[list[str]]]]:
    """``(sent_id, text, rows)`` of a CoNLL-U file (multiword-token and empty rows left out)."""
    sent_id = text = ""
    rows: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# sent_id = "):
            sent_id = line[12:].strip()
        elif line.startswith("# text = "):
            text = line[9:]
        elif not line.strip():
            if rows:
                yield sent_id, text, rows
            rows = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if cols[0].isdigit():
                rows.append(cols)
    if rows:
        yield sent_id, text, rows


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _offsets(text: str, rows: list[list[str]]) -> list[tuple[int, int]]:
    spans, at = [], 0
    for cols in rows:
        start = text.find(cols[1], at)
        if start < 0:
            start = at
        spans.append((start, start + len(cols[1])))
        at = start + len(cols[1])
    return spans


def _source_span(rows: list[list[str]], head: int) -> list[int]:
    """The gold source of an nsubj head: a name where the phrase holds one, a pronoun
    as written, else the head with its modifiers (not its clauses)."""
    children: dict[int, list[int]] = {}
    for i, cols in enumerate(rows):
        children.setdefault(int(cols[6]) - 1, []).append(i)
    names = [i for i in _subtree(children, rows, head, set(MODIFIERS) | {"appos"}) if rows[i][3] == "PROPN"]
    if names and rows[head][3] != "PROPN":
        run = [names[0]]
        for i in names[1:]:
            if i == run[-1] + 1:
                run.append(i)
        return run
    if rows[head][3] == "PROPN":
        return sorted(i for i in _subtree(children, rows, head, {"flat", "flat:name"}))
    return sorted(_subtree(children, rows, head, MODIFIERS))


def _subtree(children: dict[int, list[int]], rows: list[list[str]], head: int, keep: set[str]) -> set[int]:
    found, todo = {head}, [head]
    while todo:
        for child in children.get(todo.pop(), []):
            if rows[child][7] in keep and rows[child][3] != "PUNCT":
                found.add(child)
                todo.append(child)
    return found


def draft(ud: Path, out: Path) -> None:
    rng = random.Random(SEED)
    picked: dict[str, list[dict[str, Any]]] = {lang: [] for lang in PER_LANGUAGE}
    for name, (lang, prefixes) in SOURCES.items():
        for sent_id, text, rows in sentences(ud / name):
            if not sent_id.startswith(prefixes):
                continue
            cues = [i for i, cols in enumerate(rows) if cols[2].lower() in REPORTING[lang] and cols[3] == "VERB"]
            if not cues:
                continue
            spans = _offsets(text, rows)
            claims = []
            for cue in cues:
                subjects = [i for i, cols in enumerate(rows) if int(cols[6]) - 1 == cue and cols[7] == "nsubj"]
                if not subjects:
                    continue
                source = _source_span(rows, subjects[0])
                s_start, s_end = spans[min(source)][0], spans[max(source)][1]
                claims.append({"source": [s_start, s_end], "cue": list(spans[cue])})
            picked[lang].append(
                {"lang": lang, "file": name, "sent_id": sent_id, "sha1": sha1(text), "claims": claims, "text": text}
            )
    lines = []
    for lang, count in PER_LANGUAGE.items():
        chosen = rng.sample(picked[lang], min(count, len(picked[lang])))
        for position, item in enumerate(chosen):
            item["half"] = "tune" if position % 2 == 0 else "test"
            lines.append(item)
    out.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    print(f"{len(lines)} sentences -> {out} (the draft holds the text for reading; the kept file must not)")


def load(gold: Path, ud: Path | None) -> list[dict[str, Any]]:
    """The dev items with their text, read from the treebank files in ``ud`` and
    checked against the stored hash; written items carry their own text."""
    texts: dict[str, dict[str, str]] = {}
    items = []
    for line in gold.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        if "text" not in item:
            if ud is None:
                raise SystemExit("attribution dev set: --ud DIR is needed (the treebank sentences are read in place)")
            if item["file"] not in texts:
                path = ud / item["file"]
                if not path.is_file():
                    raise SystemExit(f"attribution dev set: {path}: no such treebank file")
                texts[item["file"]] = {sid: text for sid, text, _ in sentences(path)}
            text = texts[item["file"]].get(item["sent_id"])
            if text is None or sha1(text) != item["sha1"]:
                raise SystemExit(f"attribution dev set: {item['file']} {item['sent_id']}: missing or changed text")
            item["text"] = text
        item["claims"] = [
            {"source": _piece(item["text"], c["source"]), "cue": _piece(item["text"], c["cue"]), "content": ""}
            for c in item["claims"]
        ]
        items.append(item)
    return items


def _piece(text: str, where: str | list[int]) -> str:
    return where if isinstance(where, str) else text[where[0] : where[1]]


def score(gold: Path, ud: Path | None, errors: bool) -> None:
    from khronika.evaluation.claims import evaluate_claim_items

    items = load(gold, ud)
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        for key in ("all", item["half"], f"{item['lang']}", f"{item['lang']}-{item['half']}"):
            groups.setdefault(key, []).append(item)
    for key in sorted(groups):
        # the tune half's errors only: the test half's are never read
        result = evaluate_claim_items(groups[key], details=errors and key == "tune")
        found = result.pop("errors", None)
        print(json.dumps({"split": key, "source_cue": result["source_cue"], "claims": result["claims"]}))
        for error in found or []:
            print("   ", json.dumps(error, ensure_ascii=False), file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=["draft", "score"])
    parser.add_argument("--ud", type=Path, help="folder holding the treebank .conllu files")
    parser.add_argument("--gold", type=Path, default=Path("quality/attribution-dev.jsonl"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/attribution-draft.jsonl"))
    parser.add_argument("--errors", action="store_true", help="print each miss and wrong claim of the tune half (stderr)")
    args = parser.parse_args()
    if args.action == "draft":
        if args.ud is None:
            raise SystemExit("attribution dev set: draft needs --ud DIR")
        draft(args.ud, args.out)
    else:
        score(args.gold, args.ud, args.errors)


if __name__ == "__main__":
    main()
