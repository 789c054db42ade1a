"""Builds realistic HTML pages around the seed article (read in place from ../shared)."""

from __future__ import annotations

import html
from pathlib import Path

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "article-uk.txt"
SEED_URL = "https://news.example.ua/world/lukashenko-znovu-pogovoryt-z-putinym"

_HEAD = """<!DOCTYPE html>
<html lang="uk"><head><meta charset="utf-8">
<title>{title} | Новини Прикладу</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Новини Прикладу">
<link rel="canonical" href="{url}">
{date_meta}
</head><body>
<header><nav><a href="/">Головна</a> <a href="/world">Світ</a> <a href="/economy">Економіка</a></nav>
<div class="cookie">Ми використовуємо файли cookie, щоб сайт працював краще. <button>Добре</button></div></header>
<main><article>
<h1>{title}</h1>
"""
_TAIL = """</article>
<aside class="latest"><h3>Останні новини</h3><ul>
<li><a href="/a1">У Києві відкрили новий міст через Дніпро</a></li>
<li><a href="/a2">Курс гривні на міжбанку трохи зміцнився</a></li>
<li><a href="/a3">Синоптики попередили про зливи на заході країни</a></li>
</ul></aside></main>
<footer><p>© 2020 Новини Прикладу. Усі права захищені.</p></footer>
</body></html>"""


def seed_lines() -> list[str]:
    return [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]


def seed_html(with_date_meta: bool = True, url: str = SEED_URL) -> str:
    lines = seed_lines()
    title = html.escape(lines[0])
    date_meta = '<meta property="article:published_time" content="2020-09-14T10:32:00+03:00">' if with_date_meta else ""
    parts = [_HEAD.format(title=title, url=url, date_meta=date_meta)]
    in_list = False
    for line in lines[1:]:
        if line.startswith("•"):
            if not in_list:
                parts.append("<ul>")
                in_list = True
            parts.append(f"<li>{html.escape(line.lstrip('• '))}</li>")
            continue
        if in_list:
            parts.append("</ul>")
            in_list = False
        if line.startswith("Читайте також"):
            headline = html.escape(line.removeprefix("Читайте також"))
            parts.append(
                f'<p class="read-also"><a href="/read-also">Читайте також</a><a href="/news/legitimacy">{headline}</a></p>'
            )
        elif line == "Відео дня":
            parts.append('<div class="video-widget"><p>Відео дня</p><iframe src="/video/1"></iframe></div>')
        elif len(line) < 60 and not line.endswith("."):
            parts.append(f"<h2>{html.escape(line)}</h2>")
        else:
            parts.append(f"<p>{html.escape(line)}</p>")
    if in_list:
        parts.append("</ul>")
    parts.append(_TAIL)
    return "\n".join(parts)
