"""Build, check and inspect the real-text gold sample in quality/gold/ (see its README.md).

    python scripts/gold_sample.py check [--gold quality/gold] [--shared ../shared] [--show]
    python scripts/gold_sample.py find FILE 'quoted text'      # character offsets of a string in a file
    python scripts/gold_sample.py build DRAFT… [--gold quality/gold] [--shared ../shared]

``build`` turns drafts, where the annotator quotes the spans, into offsets: the
drafts hold quoted real text, so they stay outside the repository; only offsets,
hashes and the written sentences reach quality/gold/. A draft is lines of::

    DOC id lang=es file=data/ml-crisis/es/…/x.txt   a document of the shared folder
    WDOC id lang=uk published=2024-03-12            a document written for the sample
    T title                                         (written) its first line
    S sentence | S prefix ... suffix                a whole sentence (shared: found in the file)
    E TYPE entity-id text[#n]                       a mention (#n: the n-th in the sentence)
    C source || cue || content [|| head]            a claim (content may be 'prefix ... suffix')
    F id || text || value[~max] || measure [|| group [|| unit]]
    N id || text || kind                            a number that counts nothing (clock time, year)
    X true|false DOC/ID DOC/ID || why [|| written]  a candidate conflict

Documents keep the split already recorded for them; new ones are split per
language, alternately in the order of a seeded hash of their ids.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from khronika.evaluation.gold_sample import file_hash, load_gold, sentence_hash

ROOT = Path(__file__).resolve().parents[1]
SEED = "khronika-gold-split-1"
_NTH = re.compile(r"^(.*)#(\d+)$")


def _find(text: str, wanted: str, low: int, high: int, where: str) -> tuple[int, int]:
    """The span of ``wanted`` (``a ... b`` for a stretch; ``x#2`` for the second) in text[low:high]."""
    nth = 1
    match = _NTH.match(wanted)
    if match:
        wanted, nth = match.group(1), int(match.group(2))
    if " ... " in wanted:
        head, tail = wanted.split(" ... ", 1)
        start, head_end = _find(text, head, low, high, where)
        found = _pattern(tail).search(text, head_end, high)
        if found is None:
            raise SystemExit(f"{where}: {tail!r} not found after {head!r}")
        return start, found.end()
    at = low
    pattern = _pattern(wanted)
    for _ in range(nth):
        found = pattern.search(text, at, high)
        if found is None:
            raise SystemExit(f"{where}: {wanted!r} (occurrence {nth}) not found in {text[low:high]!r}")
        at = found.start() + 1
    assert found is not None
    return found.start(), found.end()


def _pattern(wanted: str) -> re.Pattern[str]:
    """A quoted string as typed, as whole words: any run of spaces in it matches any run
    of white space (the shared files hold no-break spaces and doubled spaces)."""
    body = r"\s+".join(re.escape(part) for part in wanted.split())
    before = r"(?<!\w)" if wanted[:1].isalnum() else ""
    after = r"(?!\w)" if wanted[-1:].isalnum() else ""
    return re.compile(before + body + after)


def _fields(line: str, count: int, where: str) -> list[str]:
    parts = [p.strip() for p in line.split("||")]
    if len(parts) < count:
        raise SystemExit(f"{where}: needs at least {count} ||-separated fields")
    return parts


def _value(text: str) -> tuple[float, float | None]:
    low, _, high = text.partition("~")
    return float(low), float(high) if high else None


class Draft:
    def __init__(self, shared: Path) -> None:
        self.shared = shared
        self.docs: list[dict[str, Any]] = []
        self.pairs: list[dict[str, Any]] = []
        self.written_parts: dict[str, list[str]] = {}

    def _doc(self) -> dict[str, Any]:
        return self.docs[-1]

    def _text(self) -> str:
        doc = self._doc()
        return str(doc["text"]) if doc.get("written") else str(doc["_text"])

    def _sentence(self) -> dict[str, Any]:
        return self._doc()["sentences"][-1]  # type: ignore[no-any-return]

    def line(self, raw: str, where: str) -> None:
        kind, _, rest = raw.partition(" ")
        rest = rest.strip()
        if kind in ("DOC", "WDOC"):
            name, *options = rest.split()
            opts = dict(option.split("=", 1) for option in options)
            doc: dict[str, Any] = {"doc": name, "lang": opts["lang"], "sentences": []}
            if kind == "DOC":
                text = (self.shared / opts["file"]).read_text(encoding="utf-8")
                day = Path(opts["file"]).parent.name
                doc.update(file=opts["file"], sha256=file_hash(text), published=day, _text=text, _at=0)
            else:
                doc.update(written=True, text="", published=opts.get("published"))
            self.docs.append(doc)
        elif kind == "T":
            self._doc()["text"] = rest + "\n"
        elif kind == "S":
            doc = self._doc()
            if doc.get("written"):
                if doc["text"] and not doc["text"].endswith("\n"):
                    doc["text"] += " "
                start = len(doc["text"])
                doc["text"] += rest
                span = (start, len(doc["text"]))
            else:
                try:
                    span = _find(doc["_text"], rest, doc["_at"], len(doc["_text"]), where)
                except SystemExit:
                    span = _find(doc["_text"], rest, 0, len(doc["_text"]), where)
                doc["_at"] = span[1]
            doc["sentences"].append({"span": list(span), "entities": [], "claims": [], "figures": [], "numbers": []})
        else:
            self._annotation(kind, rest, where)

    def _in_sentence(self, wanted: str, where: str) -> list[int]:
        low, high = self._sentence()["span"]
        return list(_find(self._text(), wanted, low, high, where))

    def _annotation(self, kind: str, rest: str, where: str) -> None:
        sentence = self._sentence() if kind != "X" else {}
        if kind == "E":
            entity_type, entity, wanted = rest.split(" ", 2)
            sentence["entities"].append(
                {"span": self._in_sentence(wanted, where), "type": entity_type, "entity": entity}
            )
        elif kind == "C":
            source, cue, content, *head = _fields(rest, 3, where)
            claim = {"source": self._in_sentence(source, where), "cue": self._in_sentence(cue, where),
                     "content": self._in_sentence(content, where)}  # fmt: skip
            if head and head[0]:
                low, high = claim["source"]
                claim["head"] = list(_find(self._text(), head[0], low, high, where))
            sentence["claims"].append(claim)
        elif kind == "F":
            fid, wanted, value, measure, *more = _fields(rest, 4, where)
            least, most = _value(value)
            figure: dict[str, Any] = {"id": fid, "span": self._in_sentence(wanted, where), "value": least,
                                      "measure": measure}  # fmt: skip
            if most is not None:
                figure["value_max"] = most
            if more and more[0]:
                figure["group"] = self._in_sentence(more[0], where)
            if len(more) > 1 and more[1]:
                figure["unit"] = more[1]
            sentence["figures"].append(figure)
        elif kind == "N":
            nid, wanted, number_kind = _fields(rest, 3, where)
            sentence["numbers"].append({"id": nid, "span": self._in_sentence(wanted, where), "kind": number_kind})
        elif kind == "X":
            verdict, first, second_and_rest = rest.split(" ", 2)
            second, why, *written = _fields(second_and_rest, 2, where)
            self.pairs.append({"first": first, "second": second, "conflict": verdict == "true", "why": why,
                               "written": bool(written and written[0] == "written")})  # fmt: skip
        else:
            raise SystemExit(f"{where}: unknown line kind {kind!r}")

    def finish(self, frozen: dict[str, str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        for doc in self.docs:
            for sentence in doc["sentences"]:
                low, high = sentence["span"]
                sentence["sha"] = sentence_hash(self._text_of(doc)[low:high])
            doc.pop("_text", None)
            doc.pop("_at", None)
        _assign_splits(self.docs, frozen)
        pairs = [{"id": f"p{i + 1:03d}", **pair} for i, pair in enumerate(self.pairs)]
        return self.docs, pairs

    @staticmethod
    def _text_of(doc: dict[str, Any]) -> str:
        return str(doc["text"]) if doc.get("written") else str(doc["_text"])


def _assign_splits(docs: list[dict[str, Any]], frozen: dict[str, str]) -> None:
    counts: Counter[tuple[str, str]] = Counter()
    for doc in docs:
        if doc["doc"] in frozen:
            doc["split"] = frozen[doc["doc"]]
            counts[doc["lang"], doc["split"]] += 1
    new = sorted((d for d in docs if d["doc"] not in frozen),
                 key=lambda d: hashlib.sha256(f"{SEED}:{d['doc']}".encode()).hexdigest())  # fmt: skip
    for doc in new:
        lang = doc["lang"]
        doc["split"] = "test" if counts[lang, "test"] <= counts[lang, "dev"] else "dev"
        counts[lang, doc["split"]] += 1


def _ordered(doc: dict[str, Any]) -> dict[str, Any]:
    keys = ("doc", "lang", "split", "file", "sha256", "written", "published", "text", "sentences")
    return {key: doc[key] for key in keys if key in doc}


def build(drafts: list[Path], gold: Path, shared: Path) -> None:
    draft = Draft(shared)
    for path in drafts:
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if raw.strip() and not raw.lstrip().startswith("#"):
                draft.line(raw.strip(), f"{path.name}:{number}")
    sample = gold / "sample.jsonl"
    frozen: dict[str, str] = {}
    if sample.is_file():
        frozen = {d["doc"]: d["split"] for d in map(json.loads, sample.read_text(encoding="utf-8").splitlines()) if d}
    docs, pairs = draft.finish(frozen)
    gold.mkdir(parents=True, exist_ok=True)
    sample.write_text("".join(json.dumps(_ordered(d), ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    (gold / "conflicts.jsonl").write_text(
        "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs), encoding="utf-8"
    )
    check(gold, shared, show=False)


def check(gold: Path, shared: Path, show: bool) -> None:
    try:
        sample = load_gold(gold, shared)
    except ValueError as error:
        sys.exit(f"gold sample {gold}: {error}")
    counts: Counter[tuple[str, str]] = Counter()
    for doc in sample.documents:
        for key in ("docs",):
            counts[key, doc.split] += 1
        for sentence in doc.sentences:
            counts["sentences", doc.split] += 1
            counts["entity mentions", doc.split] += len(sentence.entities)
            counts["attributed" if sentence.claims else "unattributed", doc.split] += 1
            counts["claims", doc.split] += len(sentence.claims)
            counts["figures", doc.split] += len(sentence.figures)
            if show:
                print(f"\n[{doc.doc} {doc.lang} {doc.split}] {doc.text[sentence.span[0] : sentence.span[1]]}")
                for e in sentence.entities:
                    print(f"  {e.type} {e.entity}: {doc.text[e.span[0] : e.span[1]]!r}")
                for c in sentence.claims:
                    parts = (c.source, c.head, c.cue, c.content)
                    print("  claim: " + " | ".join(repr(doc.text[a:b]) for a, b in parts))
                for f in sentence.figures:
                    group = doc.text[f.group[0] : f.group[1]] if f.group else None
                    print(f"  figure {f.id}: {doc.text[f.span[0] : f.span[1]]!r} = {f.value} {f.measure} ({group})")
    for pair in sample.pairs:
        counts["conflicts true" if pair.conflict else "conflicts false", pair.split] += 1
        counts["written pairs", pair.split] += pair.written
    for lang in sorted({d.lang for d in sample.documents}):
        per = Counter(d.split for d in sample.documents if d.lang == lang)
        mentions = sum(len(s.entities) for d in sample.documents if d.lang == lang for s in d.sentences)
        print(f"{lang}: {per['dev']} dev / {per['test']} test documents, {mentions} entity mentions")
    for key in dict.fromkeys(k for k, _ in counts):
        dev, test, cross = counts[key, "dev"], counts[key, "test"], counts[key, "cross"]
        across = f", across the halves {cross}" if cross else ""
        print(f"{key:18} {dev + test + cross:5}  (dev {dev}, test {test}{across})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["check", "find", "build"])
    parser.add_argument("args", nargs="*")
    parser.add_argument("--gold", type=Path, default=ROOT / "quality" / "gold")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--show", action="store_true", help="check: print every sentence and its annotations")
    options = parser.parse_args()
    if options.command == "check":
        check(options.gold, options.shared, options.show)
    elif options.command == "find":
        path, wanted = Path(options.args[0]), options.args[1]
        text = (path if path.is_file() else options.shared / path).read_text(encoding="utf-8")
        at = text.find(wanted)
        while at >= 0:
            print(f"{at} {at + len(wanted)}")
            at = text.find(wanted, at + 1)
    else:
        build([Path(p) for p in options.args], options.gold, options.shared)


if __name__ == "__main__":
    main()
