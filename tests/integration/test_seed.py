"""The seed article (../shared/seed) wrapped in a realistic page: the issue's Done-when."""

from __future__ import annotations

from pathlib import Path

import pytest

import khronika
from tests.conftest import Cli, requires_shared
from tests.seed_page import SEED, SEED_URL, seed_html

TITLE = "Лукашенко знову поговорить з Путіним"
TEASER = "Лукашенко втратив легітимність демократичного суспільства-глава МЗС Польщі"


@pytest.fixture
def seed_page(tmp_path: Path) -> Path:
    requires_shared(SEED)
    page = tmp_path / "seed.html"
    page.write_text(seed_html(), encoding="utf-8")
    return page


def test_seed_page_is_cleaned_dated_and_tagged(cli: Cli, seed_page: Path) -> None:
    summary = cli.json("ingest", str(seed_page), "--published", "2020-09-14")
    assert summary == {"ingested": 1, "duplicates": 0, "failed": [], "articles": [1]}
    article = cli.json("article", "1")
    assert article["title"] == TITLE
    assert article["language"] == "uk"
    assert article["credits"] == ["REUTERS"]
    assert article["published"] == "2020-09-14"
    assert article["published_source"] == "given"
    assert article["url"] == SEED_URL
    assert article["outlet"] == "Новини Прикладу"
    assert "Читайте також" not in article["text"]
    assert TEASER not in article["text"]
    assert "Відео дня" not in article["text"]
    assert "REUTERS" not in article["text"]
    assert article["text"].startswith("Президент Білорусі Олександр Лукашенко полетів до Сочі")
    assert "На масштабних маршах протесту 13 вересня в Мінську було затримано понад 400 людей." in article["text"]
    assert "У Києві відкрили новий міст" not in article["text"]  # the "latest news" aside
    assert article["related"] == [{"title": TEASER, "url": "https://news.example.ua/news/legitimacy"}]
    assert {
        "text": "Читайте такожЛукашенко втратив легітимність демократичного суспільства-глава МЗС Польщі",
        "rule": "teaser",
    } in article["dropped"]


def test_seed_page_ingested_again_adds_nothing(cli: Cli, seed_page: Path) -> None:
    cli.json("ingest", str(seed_page), "--published", "2020-09-14")
    again = cli.json("ingest", str(seed_page), "--published", "2020-09-14")
    assert again == {"ingested": 0, "duplicates": 1, "failed": [], "articles": [1]}
    assert cli.json("stats")["articles"] == 1


def test_page_without_date_metadata_and_copyright_footer_is_undated(cli: Cli, tmp_path: Path) -> None:
    requires_shared(SEED)
    page = tmp_path / "undated.html"
    page.write_text(seed_html(with_date_meta=False, url="https://news.example.ua/world/undated"), encoding="utf-8")
    cli.json("ingest", str(page))
    article = cli.json("article", "1")
    assert article["published"] is None and article["published_source"] == "none"
    undated = cli.json("articles", "--undated")
    assert [a["id"] for a in undated] == [1]


def test_seed_as_plain_text_takes_title_and_credit_from_first_line(db_path: Path) -> None:
    requires_shared(SEED)
    with khronika.open(db_path) as kh:
        report = kh.ingest([str(SEED)], published="2020-09-14")
        article = kh.article(report.articles[0])
    assert article.title == TITLE
    assert article.credits == ("REUTERS",)
    assert article.lang == "uk"
    assert article.url == SEED.resolve().as_uri()
    assert "Відео дня" not in article.text and "Читайте також" not in article.text
    assert [link.title for link in article.related] == [TEASER]
    # apostrophes normalised for matching: Правозахисники говорять про п'ятьох
    assert "п'ятьох" in article.text
