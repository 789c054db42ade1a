#!/usr/bin/env python3
"""Build the khronika sample corpus from ``examples/source/``.

Renders one HTML page per article into ``examples/html/<domain>/...``, an RSS 2.0
feed of one outlet (``feed.xml``), a gzipped WARC of every page
(``corpus.warc.gz``) and ``manifest.json``.  Uses only the standard library,
warcio and lxml.  The output is deterministic: running the script twice gives
byte-identical files.

Usage: python examples/build.py
"""

from __future__ import annotations

import hashlib
import html
import json
import shutil
import uuid
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from io import BytesIO
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
HTML_DIR = HERE / "html"
FEED_OUTLET = "dnipro-visnyk.example"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
# Crawl time recorded for the page that carries no publication date at all.
UNDATED_CRAWL = datetime(2020, 11, 20, 9, 0, tzinfo=UTC)
CRAWL_DELAY = timedelta(minutes=47)
LABELS: dict[str, dict[str, str]] = {
    "uk": {"read_also": "Читайте також", "video": "Відео дня", "photo": "Фото", "by": "Автор: "},
    "ru": {"read_also": "Читайте также", "video": "Видео дня", "photo": "Фото", "by": "Автор: "},
    "en": {"read_also": "Read also", "video": "Video of the day", "photo": "Photo", "by": "By "},
}
LOCALES = {"uk": "uk_UA", "ru": "ru_RU", "en": "en_GB"}
SERVERS = {
    "dnipro-visnyk.example": "nginx/1.18.0",
    "kyiv-chronicle.example": "cloudflare",
    "minsk-dispatch.example": "Apache/2.4.41 (Ubuntu)",
    "baltic-wire.example": "nginx",
}
MIN_WORDS, MAX_WORDS = 120, 350

Article = dict[str, Any]
Outlets = dict[str, Any]


def digest(text: str, size: int = 10) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:size]


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    return html.escape(text, quote=True)


def parse_dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def load() -> tuple[Outlets, list[Article], list[dict[str, Any]]]:
    outlets: Outlets = json.loads((SOURCE / "outlets.json").read_text("utf-8"))
    articles: list[Article] = []
    stories: list[dict[str, Any]] = []
    for path in sorted((SOURCE / "stories").glob("*.json")):
        story = json.loads(path.read_text("utf-8"))
        stories.append({k: story[k] for k in ("story", "storyline", "summary")})
        for art in story["articles"]:
            art = {**art, "story": story["story"], "storyline": story["storyline"]}
            art["date_style"] = art.get("date_style") or outlets[art["outlet"]]["date_style"]
            art["encoding"] = art.get("encoding", "utf-8")
            articles.append(art)
    return outlets, articles, stories


def validate(articles: list[Article]) -> None:
    ids = [a["id"] for a in articles]
    assert len(ids) == len(set(ids)), "duplicate article ids"
    by_id = {a["id"]: a for a in articles}
    groups: dict[str, list[Article]] = {}
    for art in articles:
        words = len(" ".join(art["paragraphs"]).split())
        assert MIN_WORDS <= words <= MAX_WORDS, f"{art['id']}: {words} words"
        ref = (art.get("teaser") or {}).get("ref")
        assert ref is None or ref in by_id, f"{art['id']}: unknown teaser ref {ref}"
        assert art.get("rewrite_of") in (None, *by_id), f"{art['id']}: bad rewrite_of"
        assert (art["published"] is None) == (art["date_style"] == "none"), art["id"]
        if art.get("syndicated"):
            groups.setdefault(art["syndicated"], []).append(art)
    for name, members in groups.items():
        assert len(members) > 1, f"syndicated group {name} has one member"
        assert all(m["paragraphs"] == members[0]["paragraphs"] for m in members), name
    undated = [a["id"] for a in articles if a["date_style"] == "none"]
    assert len(undated) == 1, f"expected exactly one undated page, got {undated}"


def url_of(art: Article, outlets: Outlets) -> str:
    pattern = outlets[art["outlet"]]["paths"][art["lang"]]
    fields = {"slug": art["slug"]}
    published = parse_dt(art["published"])
    if published:
        fields.update(y=f"{published:%Y}", m=f"{published:%m}", d=f"{published:%d}")
    return f"https://{art['outlet']}{pattern.format(**fields)}"


def local_path(url: str) -> Path:
    parts = urlsplit(url)
    path = parts.path.strip("/")
    if not path.endswith(".html"):
        path += ".html"
    return Path("html") / parts.netloc / path


def headline_items(art: Article, pool: list[str], domain: str, offset: int, count: int) -> str:
    start = (int(digest(art["id"], 6), 16) + offset) % len(pool)
    chosen = [pool[(start + i) % len(pool)] for i in range(count)]
    return "".join(f'<li><a href="https://{domain}/n/{digest(h, 8)}">{esc(h)}</a></li>\n' for h in chosen)


def render_body(art: Article, outlet: Outlets, urls: dict[str, str]) -> str:
    labels = LABELS[art["lang"]]
    teaser = art.get("teaser")
    blocks: list[str] = []
    for index, paragraph in enumerate(art["paragraphs"], start=1):
        blocks.append(f"<p>{esc(paragraph)}</p>")
        if teaser and teaser["after"] == index:
            ref = teaser.get("ref")
            href = urls[ref] if ref else f"https://{art['outlet']}/n/{digest(teaser['text'], 8)}"
            blocks.append(
                Template(outlet["read_also"]).substitute(
                    label=labels["read_also"], href=attr(href), text=esc(teaser["text"])
                )
            )
        if art.get("video_after") == index:
            blocks.append(Template(outlet["video"]).substitute(label=labels["video"], vid=digest(art["id"], 8)))
    return "\n".join(blocks)


def render_date(art: Article, site_name: str, url: str) -> tuple[str, str]:
    """Return (markup for <head>, visible markup near the headline)."""
    style, published = art["date_style"], art["published"]
    if style == "meta":
        return f'<meta property="article:published_time" content="{published}">\n', ""
    if style == "jsonld":
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": art["title"],
            "inLanguage": art["lang"],
            "mainEntityOfPage": url,
            "datePublished": published,
        }
        if art.get("modified"):
            data["dateModified"] = art["modified"]
        author_type = "Organization" if art.get("syndicated") else "Person"
        if art.get("author"):
            data["author"] = {"@type": author_type, "name": art["author"]}
        data["publisher"] = {"@type": "Organization", "name": site_name}
        blob = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
        return f'<script type="application/ld+json">{blob}</script>\n', ""
    if style == "text":
        shown = parse_dt(published)
        assert shown is not None
        return "", f'<div class="article-date">{shown:%d.%m.%Y %H:%M}</div>\n'
    return "", ""  # "url" (date only in the path) and "none"


def render_page(art: Article, outlets: Outlets, urls: dict[str, str], templates: dict[str, Template]) -> str:
    outlet = outlets[art["outlet"]]
    texts = outlet["langs"][art["lang"]]
    labels = LABELS[art["lang"]]
    url = urls[art["id"]]
    date_head, date_visible = render_date(art, texts["site_name"], url)
    h1 = esc(art["title"])
    if art.get("credit"):
        h1 += f'<span class="photo-credit"> / {labels["photo"]}: {esc(art["credit"])}</span>'
    byline = f'<div class="byline">{esc(labels["by"] + art["author"])}</div>\n' if art.get("author") else ""
    nav = "".join(
        f'<li><a href="https://{art["outlet"]}{path}">{esc(label)}</a></li>\n' for label, path in texts["nav"]
    )
    pool = texts["headlines"]
    return templates[art["outlet"]].substitute(
        lang=art["lang"],
        locale=LOCALES[art["lang"]],
        charset_meta='<meta charset="utf-8">\n' if art["encoding"] == "utf-8" else "",
        page_title=esc(art["title"]),
        og_title=attr(art["title"]),
        description=attr(art["paragraphs"][0]),
        canonical=attr(url),
        domain=art["outlet"],
        image=digest(art["id"], 12),
        date_head=date_head,
        date_visible=date_visible,
        h1=h1,
        byline=byline,
        body=render_body(art, outlet, urls),
        nav=nav,
        headlines_top=headline_items(art, pool, art["outlet"], 5, 2),
        headlines_bottom=headline_items(art, pool, art["outlet"], 0, 5),
        **{k: esc(texts[k]) for k in ("site_name", "tagline", "cookie", "cookie_ok", "subscribe", "more", "footer")},
        top=esc(texts.get("top", "")),
    )


def crawl_time(art: Article) -> datetime:
    published = parse_dt(art["published"])
    return (published + CRAWL_DELAY).astimezone(UTC) if published else UNDATED_CRAWL


def record_id(kind: str, url: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, kind + ':' + url)}>"


def build_warc(pages: list[tuple[Article, str, bytes]]) -> bytes:
    buf = BytesIO()
    writer = WARCWriter(buf, gzip=True)
    info = (
        b"software: khronika examples/build.py (warcio)\r\n"
        b"format: WARC File Format 1.0\r\n"
        b"description: khronika sample corpus, texts written for the project (MIT)\r\n"
        b"robots: ignore\r\n"
    )
    writer.write_record(
        writer.create_warc_record(
            "",
            "warcinfo",
            payload=BytesIO(info),
            length=len(info),
            warc_content_type="application/warc-fields",
            warc_headers_dict={
                "WARC-Record-ID": record_id("warcinfo", "corpus.warc.gz"),
                "WARC-Date": "2020-11-20T09:00:00Z",
                "WARC-Filename": "corpus.warc.gz",
            },
        )
    )
    for art, url, body in sorted(pages, key=lambda p: (crawl_time(p[0]), p[1])):
        crawled = crawl_time(art)
        warc_date = crawled.strftime("%Y-%m-%dT%H:%M:%SZ")
        content_type = "text/html; charset=utf-8" if art["encoding"] == "utf-8" else "text/html"
        http_headers = StatusAndHeaders(
            "200 OK",
            [
                ("Date", format_datetime(crawled, usegmt=True)),
                ("Server", SERVERS[art["outlet"]]),
                ("Content-Type", content_type),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "public, max-age=300"),
                ("Vary", "Accept-Encoding"),
                ("Connection", "close"),
            ],
            protocol="HTTP/1.1",
        )
        response = writer.create_warc_record(
            url,
            "response",
            payload=BytesIO(body),
            length=len(body),
            http_headers=http_headers,
            warc_headers_dict={"WARC-Record-ID": record_id("response", url), "WARC-Date": warc_date},
        )
        parts = urlsplit(url)
        request_headers = StatusAndHeaders(
            f"GET {parts.path} HTTP/1.1",
            [
                ("Host", parts.netloc),
                ("User-Agent", "Mozilla/5.0 (compatible; khronika-sample-crawler/1.0)"),
                ("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"),
                ("Accept-Language", f"{art['lang']},en;q=0.5"),
                ("Connection", "close"),
            ],
            is_http_request=True,
        )
        request = writer.create_warc_record(
            url,
            "request",
            http_headers=request_headers,
            warc_headers_dict={"WARC-Record-ID": record_id("request", url), "WARC-Date": warc_date},
        )
        writer.write_request_response_pair(request, response)
    return buf.getvalue()


def build_feed(items: list[tuple[Article, str, str]], outlet: Outlets) -> bytes:
    texts = next(iter(outlet["langs"].values()))
    lang = next(iter(outlet["langs"]))
    items = sorted(items, key=lambda item: parse_dt(item[0]["published"]) or UNDATED_CRAWL, reverse=True)
    dates = [parse_dt(art["published"]) for art, _, _ in items]
    rss = etree.Element("rss", version="2.0", nsmap={"content": CONTENT_NS})
    channel = etree.SubElement(rss, "channel")
    for tag, value in (
        ("title", texts["site_name"]),
        ("link", f"https://{FEED_OUTLET}/"),
        ("description", texts["tagline"]),
        ("language", lang),
        ("lastBuildDate", format_datetime(max(d for d in dates if d))),
        ("generator", "khronika examples/build.py"),
    ):
        etree.SubElement(channel, tag).text = value
    for (art, url, body), published in zip(items, dates, strict=True):
        assert published is not None, "feed items need a publication date"
        item = etree.SubElement(channel, "item")
        etree.SubElement(item, "title").text = art["title"]
        etree.SubElement(item, "link").text = url
        etree.SubElement(item, "guid", isPermaLink="true").text = url
        etree.SubElement(item, "pubDate").text = format_datetime(published)
        etree.SubElement(item, "description").text = art["paragraphs"][0]
        etree.SubElement(item, f"{{{CONTENT_NS}}}encoded").text = etree.CDATA(body)
    data: bytes = etree.tostring(rss, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def manifest_entry(art: Article, url: str, path: Path, urls: dict[str, str], in_feed: bool) -> dict[str, Any]:
    published = parse_dt(art["published"])
    return {
        "id": art["id"],
        "path": path.as_posix(),
        "url": url,
        "lang": art["lang"],
        "outlet": art["outlet"],
        "story": art["story"],
        "storyline": art["storyline"],
        "title": art["title"],
        "credit": art.get("credit"),
        "published": art["published"],
        "published_date": published.date().isoformat() if published else None,
        "date_source": art["date_style"],
        "encoding": art["encoding"],
        "syndicated": art.get("syndicated"),
        "rewrite_of": urls[art["rewrite_of"]] if art.get("rewrite_of") else None,
        "teaser": (art.get("teaser") or {}).get("text"),
        "word_count": len(" ".join(art["paragraphs"]).split()),
        "in_feed": in_feed,
    }


def main() -> None:
    outlets, articles, stories = load()
    validate(articles)
    templates = {
        domain: Template((SOURCE / "templates" / spec["template"]).read_text("utf-8"))
        for domain, spec in outlets.items()
    }
    urls = {art["id"]: url_of(art, outlets) for art in articles}
    if HTML_DIR.exists():
        shutil.rmtree(HTML_DIR)
    pages: list[tuple[Article, str, bytes]] = []
    feed_items: list[tuple[Article, str, str]] = []
    entries: list[dict[str, Any]] = []
    for art in articles:
        url = urls[art["id"]]
        page = render_page(art, outlets, urls, templates)
        if art["encoding"] != "utf-8":
            assert "charset" not in page.lower(), f"{art['id']}: charset declared"
        if art["date_style"] == "none":
            assert page.count("2020") == 1, f"{art['id']}: undated page mentions 2020"
        data = page.encode(art["encoding"])
        path = local_path(url)
        (HERE / path).parent.mkdir(parents=True, exist_ok=True)
        (HERE / path).write_bytes(data)
        pages.append((art, url, data))
        in_feed = art["outlet"] == FEED_OUTLET
        if in_feed:
            feed_items.append((art, url, render_body(art, outlets[art["outlet"]], urls)))
        entries.append(manifest_entry(art, url, path, urls, in_feed))
    (HERE / "feed.xml").write_bytes(build_feed(feed_items, outlets[FEED_OUTLET]))
    (HERE / "corpus.warc.gz").write_bytes(build_warc(pages))
    counts = {art["story"]: 0 for art in articles}
    for art in articles:
        counts[art["story"]] += 1
    manifest = {
        "description": "khronika sample corpus; generated by examples/build.py from examples/source/",
        "feed": {"path": "feed.xml", "outlet": FEED_OUTLET, "items": len(feed_items)},
        "warc": {"path": "corpus.warc.gz", "responses": len(pages)},
        "outlets": {
            domain: {lang: t["site_name"] for lang, t in spec["langs"].items()} for domain, spec in outlets.items()
        },
        "stories": [{**s, "articles": counts[s["story"]]} for s in stories],
        "pages": sorted(entries, key=lambda e: e["path"]),
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    (HERE / "manifest.json").write_text(text, encoding="utf-8")
    print(f"{len(pages)} pages, {len(feed_items)} feed items, {len(stories)} stories")


if __name__ == "__main__":
    main()
