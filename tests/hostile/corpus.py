"""The hostile-input corpus: every case written by code into a directory, with what
khronika must answer: the exact one-line failure (input, reason, kind) or what it
stores. Run by tests/hostile/test_corpus.py; ``python -m tests.hostile.corpus DIR``
writes it for a look by hand.

The big cases stay cheap: the gzip bomb is one small gzip member repeated (2 MB
on disk, 2 GiB inflated, of which khronika reads --max-bytes), the 100 MB JSONL
line and the 50 MB page are written in chunks, and none is ever held whole.
"""

from __future__ import annotations

import gzip
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

MB = 1 << 20
DEFAULT_LIMIT = "20 MB"
TOO_DEEP = "HTML nested deeper than 256 elements: not parsed (what lies deeper would be lost)"
SECRET = "SECRET-7f3a-NEVER-READ"


def paragraphs(topic: str, count: int = 4) -> list[str]:
    """Ukrainian news sentences about ``topic`` (distinct topics: distinct articles)."""
    return [
        f"Рятувальники повідомили про {topic}: роботи тривали всю ніч, а мешканців попередили заздалегідь.",
        f"За словами міського голови, {topic} не завадить роботі транспорту, проте перевірки триватимуть тиждень.",
        *(
            f"Речник служби додав, що {topic} — лише частина плану, який місто ухвалило навесні ({n + 1} із {count})."
            for n in range(count - 2)
        ),
    ]


def html_page(title_markup: str, topic: str, url: str | None, lang: str = "uk") -> str:
    """A Ukrainian article page; with no ``url`` (no canonical link) its identity is its file."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs(topic))
    canonical = f'<link rel="canonical" href="{url}">' if url else ""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title_markup}</title>'
        f"{canonical}</head><body><article>{body}</article></body></html>"
    )


@dataclass(frozen=True)
class Failure:
    input: str
    reason: str
    kind: str


@dataclass
class Case:
    """One hostile input: the command-line inputs, the failures they must give
    (exactly these), and how many articles they must store."""

    name: str
    inputs: list[str]
    failures: list[Failure] = field(default_factory=list)
    stored: int = 0


# -- generators ----------------------------------------------------------------------
def gzip_bomb(path: Path, gibibytes: int = 2) -> Path:
    """A .html.gz that inflates to ``gibibytes`` GiB of zeros: one 16 MB member, repeated."""
    member = gzip.compress(b"\0" * (16 * MB), compresslevel=9)
    with path.open("wb") as handle:
        for _ in range(gibibytes * 64):
            handle.write(member)
    return path


def one_line_page(path: Path, size: int) -> Path:
    """An HTML page of exactly ``size`` bytes, its text one line (written in 1 MB chunks)."""
    head = '<!DOCTYPE html><html lang="uk"><head><meta charset="utf-8"><title>Одна довга сторінка</title>'.encode()
    head += b"</head><body><article><p>"
    tail = b"</p></article></body></html>"
    sentence = "Рятувальники гасили пожежу біля Києва всю ніч. ".encode()
    chunk = sentence * (MB // len(sentence))
    with path.open("wb") as handle:
        handle.write(head)
        left = size - len(head) - len(tail)
        while left > 0:
            piece = chunk[: min(left, len(chunk))]
            piece = piece[: len(piece.decode("utf-8", "ignore").encode())]  # whole characters only
            if not piece:
                piece = b" " * left
            handle.write(piece)
            left -= len(piece)
        handle.write(tail)
    return path


def deep_html(path: Path, levels: int = 100_000) -> Path:
    text = "".join(f"<p>{p}</p>" for p in paragraphs("глибоко вкладений текст"))
    path.write_text(f"<html><body>{'<div>' * levels}{text}{'</div>' * levels}</body></html>", encoding="utf-8")
    return path


def jsonl_with_huge_line(path: Path, line_bytes: int = 100 * MB) -> Path:
    """Line 1 and 3 good, line 2 exactly ``line_bytes`` bytes (a JSON string of x)."""
    good = '{{"url": "https://herald.example/jsonl-{n}", "text": "{text}"}}\n'
    start, end = b'{"url": "https://herald.example/huge", "text": "', b'"}\n'
    with path.open("wb") as handle:
        handle.write(good.format(n=1, text=" ".join(paragraphs("перший рядок"))).encode())
        handle.write(start)
        left = line_bytes - len(start) - len(end) + 1  # the newline is not counted
        block = b"x" * MB
        while left > 0:
            handle.write(block[: min(left, MB)])
            left -= MB
        handle.write(end)
        handle.write(good.format(n=3, text=" ".join(paragraphs("третій рядок"))).encode())
    return path


def warc_records(pages: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for url, markup in pages.items():
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(markup.encode()), http_headers=headers)
        writer.write_record(record)
        record.raw_stream.close()
    return buffer.getvalue()


def _warc_pages(prefix: str, count: int = 4) -> dict[str, str]:
    urls = [f"https://herald.example/{prefix}/{n}" for n in range(count)]
    return {url: html_page(f"Архів {prefix} {n}", f"архів {prefix} {n}", url) for n, url in enumerate(urls)}


def rss(items: str, doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{doctype}<rss version="2.0"><channel><title>Вісник</title>'
        f"<link>https://herald.example/</link>{items}</channel></rss>"
    ).encode()


def rss_item(title: str, link: str, topic: str) -> str:
    # a description over 400 characters is the article itself: nothing is fetched
    text = " ".join(paragraphs(topic, 6))
    return f"<item><title>{title}</title><link>{link}</link><description>{text}</description></item>"


# -- the corpus ------------------------------------------------------------------------
def refused_cases(root: Path, big: bool = True) -> list[Case]:
    """Inputs each refused with one exact line (and, where part of one is good, that part stored);
    ``big`` False leaves out the three that write 150 MB (the bomb, the 50 MB page, the 100 MB line)."""
    root.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def add(name: str, inputs: list[Path | str], failures: list[tuple[Path | str, str, str]], stored: int = 0) -> None:
        found = [Failure(str(where), reason, kind) for where, reason, kind in failures]
        cases.append(Case(name, [str(i) for i in inputs], found, stored))

    broken = root / "no-target.warc"
    broken.write_bytes(
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http; msgtype=response\r\n"
        b"Content-Length: 5\r\n\r\nhello\r\n\r\n"
    )
    add("WARC record with no target URI", [broken],
        [(broken, "truncated or corrupt WARC at record 1 (its WARC headers are incomplete)", "malformed")])  # fmt: skip

    pages = _warc_pages("cut")
    raw = warc_records(pages)
    starts = [m.start() for m in re.finditer(rb"WARC/1\.0\r\n", raw)]
    cut = root / "cut-in-the-middle.warc"
    cut.write_bytes(raw[: starts[2]] + raw[starts[2] : starts[3]][:300] + raw[starts[3] :])
    add("WARC with a record cut short in the middle", [cut],
        [(f"{cut}#https://herald.example/cut/2",
          "truncated or corrupt WARC: the record's headers run into the next record (cut short?)", "malformed")],
        stored=2)  # fmt: skip

    raw = warc_records(_warc_pages("long"))
    too_long = root / "content-length-too-long.warc"
    too_long.write_bytes(raw.replace(b"Content-Length: ", b"Content-Length: 9", 1))
    add("WARC whose first record claims more than the file holds", [too_long],
        [(f"{too_long}#https://herald.example/long/0",
          "truncated or corrupt WARC: the record ends before its declared length", "malformed")])  # fmt: skip

    raw = warc_records(_warc_pages("short"))
    second = [m.start() for m in re.finditer(rb"WARC/1\.0\r\n", raw)][1]
    length = re.search(rb"Content-Length: \d+", raw[second:])
    assert length is not None
    too_short = root / "content-length-too-short.warc"
    too_short.write_bytes(raw[:second] + raw[second:].replace(length.group(0), b"Content-Length: 10", 1))
    add("WARC whose second record claims 10 bytes", [too_short],
        [(too_short, "truncated or corrupt WARC at record 3 "
          "(Invalid WARC record, first line: Content-Type: text/html; charset=utf-8)", "malformed")],
        stored=1)  # fmt: skip

    raw = warc_records(_warc_pages("declared", 3))
    third = [m.start() for m in re.finditer(rb"WARC/1\.0\r\n", raw)][1]
    length = re.search(rb"Content-Length: \d+", raw[third:])
    assert length is not None
    declared = root / "declares-4-gb.warc"  # a gzip bomb's record says so before it inflates
    declared.write_bytes(raw[:third] + raw[third:].replace(length.group(0), b"Content-Length: 4294967296", 1))
    add("WARC record declaring 4 GB", [declared],
        [(f"{declared}#https://herald.example/declared/1", f"record 2 declares 4 GB: over the {DEFAULT_LIMIT} size "
          "limit (--max-bytes); the rest of the WARC is not read", "too_large")], stored=1)  # fmt: skip

    folder = root / "folder"
    folder.mkdir()
    (folder / "page.html").write_text(
        html_page("Сторінка з теки", "сторінка з теки", "https://herald.example/folder"), encoding="utf-8"
    )
    (folder / "notes.docx").write_bytes(b"PK\x03\x04" + bytes(64))
    add("unsupported file in a directory", [folder],
        [(folder / "notes.docx", "unsupported file type .docx", "unsupported")], stored=1)  # fmt: skip

    batch = root / "batch.jsonl"
    good = {"url": "https://herald.example/jsonl-ok", "text": " ".join(paragraphs("рядок JSONL"))}
    batch.write_text(__import__("json").dumps(good, ensure_ascii=False) + '\n{"url": oops}\n', encoding="utf-8")
    add("malformed JSONL line", [batch],
        [(f"{batch}:2", "malformed JSON (Expecting value: line 1 column 9 (char 8))", "malformed")],
        stored=1)  # fmt: skip

    if big:
        bomb = gzip_bomb(root / "bomb.html.gz")
        add("gzip bomb", [bomb], [(bomb, f"over the {DEFAULT_LIMIT} size limit (--max-bytes) once decompressed",
                               "too_large")])  # fmt: skip

    deep = deep_html(root / "deep.html")
    add("HTML nested 100,000 levels deep", [deep], [(deep, TOO_DEEP, "malformed")])

    if big:
        long_page = one_line_page(root / "one-line-50mb.html", 50 * MB)
        add("50 MB single-line page", [long_page],
            [(long_page, f"50 MB is over the {DEFAULT_LIMIT} size limit (--max-bytes)", "too_large")])  # fmt: skip

    controls = root / "control-characters.html"  # a stray \x01 beside a <script> (found by make fuzz)
    page = html_page("Новина\x1b дня", "керівні символи", "https://herald.example/controls")
    controls.write_text(page.replace("<article>", "<article>\x01<script>x()</script>\x0b"), encoding="utf-8")
    add("control characters in HTML", [controls], [], stored=1)

    nul = root / "nul-bytes.txt"
    nul.write_bytes(" ".join(paragraphs("нульові байти")).encode() + b"\x00\x00\x00" + b"tail")
    add("NUL bytes", [nul], [(nul, "binary data, not HTML or text", "unsupported")])

    if big:
        huge = jsonl_with_huge_line(root / "huge-line.jsonl")
        add("JSONL line of 100 MB", [huge],
            [(f"{huge}:2", f"100 MB is over the {DEFAULT_LIMIT} size limit (--max-bytes)", "too_large")],
            stored=2)  # fmt: skip

    file_link = root / "file-link.rss"  # feedparser gives the link as file://etc/passwd
    file_link.write_bytes(rss(rss_item("Паролі", "file:///etc/passwd", "посилання на файл")))
    add("feed item linking to a file: URL", [file_link],
        [(f"{file_link}#1", "feed entry 1 links to file://etc/passwd: only http(s) links are followed (refused)",
          "refused")])  # fmt: skip

    empty = root / 'empty "quoted"\nname.html'
    empty.write_text("  \n")
    add("a bad file whose name has quotes and a newline", [empty], [(empty, "empty file", "empty")])
    return cases


def stored_cases(root: Path) -> dict[str, Path]:
    """Inputs that must be stored, each checked for what it stores by the tests."""
    root.mkdir(parents=True, exist_ok=True)
    found: dict[str, Path] = {}

    title, body = "Заголовок новини про ремонт мосту\n\n", "\n".join(paragraphs("ремонт мосту"))
    # one stray byte, and the first byte of a two-byte letter alone
    mostly = (title + body[:40]).encode() + b"\xff" + body[40:120].encode() + b"\xd0" + body[120:].encode()
    found["mostly UTF-8"] = root / "mostly-utf8.txt"
    found["mostly UTF-8"].write_bytes(mostly)

    found["script in title"] = root / "script-title.html"
    found["script in title"].write_text(
        html_page("<script>alert(1)</script>Новина дня <script>alert(2)</script>", "новина дня",
                  "https://herald.example/script-title"), encoding="utf-8")  # fmt: skip

    found["script in text file"] = root / "script.txt"
    found["script in text file"].write_text(
        "<script>alert('txt')</script>\n" + "\n".join(paragraphs("текстовий файл")), encoding="utf-8"
    )

    utf8 = "\n".join(paragraphs("змішані кодування", 2)) + "\n"
    cp1251 = "\n".join(paragraphs("друге кодування", 2)) + "\n"
    found["mixed encodings"] = root / "mixed.txt"
    found["mixed encodings"].write_bytes(utf8.encode() + cp1251.encode("cp1251"))

    found["bidi and zero-width title"] = root / "bidi.html"
    found["bidi and zero-width title"].write_text(
        html_page("Новина\u200b дня\u202e для \u2066שלום\u2069 Київ\ufeff", "невидимі символи",
                  "https://herald.example/bidi"), encoding="utf-8")  # fmt: skip

    laughs = "".join(f'<!ENTITY l{n} "{("&l" + str(n - 1) + ";") * 10}">' for n in range(1, 10))
    bomb_doctype = f'<!DOCTYPE rss [<!ENTITY l0 "lol">{laughs}]>'
    found["entity bomb feed"] = root / "entity-bomb.rss"
    found["entity bomb feed"].write_bytes(
        rss(rss_item("Сміх &l9;", "https://herald.example/laughs", "сміх &l9; без кінця"), bomb_doctype)
    )

    secret = root / "secret.txt"
    secret.write_text(SECRET)
    external = f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret.resolve().as_uri()}">]>'
    found["external entity feed"] = root / "external-entity.rss"
    found["external entity feed"].write_bytes(
        rss(rss_item("Зовнішня &xxe; сутність", "https://herald.example/xxe", "зовнішня &xxe; сутність"), external)
    )

    odd = root / "odd names"
    (odd / "sub").mkdir(parents=True)
    found["quotes in name"] = odd / "quote\"s 'and' spaces.html"
    found["newline in name"] = odd / "new\nline.html"
    for key, topic in (("quotes in name", "лапки в назві"), ("newline in name", "новий рядок у назві")):
        found[key].write_text(html_page(topic, topic, None), "utf-8")
    target = odd / "dotdot.html"
    target.write_text(html_page("Крапки", "дві крапки в шляху", "https://herald.example/a/b/../../dotdot"), "utf-8")
    found["../ in path and URL"] = odd / "sub" / ".." / "dotdot.html"
    return found


if __name__ == "__main__":
    where = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    for case in refused_cases(where / "refused"):
        print(f"{case.name}: {case.inputs} -> {[(f.input, f.reason, f.kind) for f in case.failures]}")
    for name, path in stored_cases(where / "stored").items():
        print(f"{name}: {path} -> stored")
