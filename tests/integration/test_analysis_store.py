"""Analysis on ingest: stored with the article, entities linked across the store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import khronika
from khronika.records import AnalysedArticle
from khronika.results import StoredAnalysis
from khronika.run.writer import replace_analysis
from khronika.store.sqlite import store as sqlite_store
from tests.conftest import Cli
from tests.fixtures.pages import page

UK = [
    "Президент Білорусі Олександр Лукашенко 14 вересня прилетів до Сочі, де зустрівся з Володимиром Путіним.",
    "Лукашенко заявив, що Мінськ і Москва продовжать інтеграцію.",
]
RU = [
    "Президент Белоруссии Александр Лукашенко 14 сентября прилетел в Сочи на встречу с Владимиром Путиным.",
    "Лукашенко заявил, что Минск и Москва продолжат интеграцию.",
]
EN = [
    "Belarusian leader Alexander Lukashenko flew to Sochi on Monday to meet Vladimir Putin, officials said.",
    "Lukashenko said that Minsk and Moscow would deepen their integration.",
]


def _ingest(kh: khronika.Khronika, tmp_path: Path) -> list[int]:
    pages = {"uk": UK, "ru": RU, "en": EN}
    for lang, paragraphs in pages.items():
        (tmp_path / f"{lang}.html").write_text(
            page(f"Sochi {lang}", lang, url=f"https://wire.example/{lang}", paragraphs=paragraphs,
                 published="2020-09-14T10:00:00+03:00")
        )  # fmt: skip
    return kh.ingest([str(tmp_path / f"{lang}.html") for lang in pages], progress=False).articles


def test_analysis_is_stored_and_shown_with_the_article(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "uk.html").write_text(page("Лукашенко у Сочі", "uk", url="https://wire.example/uk", paragraphs=UK))
    cli.json("ingest", str(tmp_path / "uk.html"))
    article = cli.json("article", "1")
    assert {"sentences", "entities", "times"} <= set(article)
    assert any(m["canonical"] == "Олександр Лукашенко" for m in article["entities"])
    times = {t["text"]: t["value"] for t in article["times"]}
    assert times["14 вересня"] == "2020-09-15"[:8] + "14"
    assert len(article["sentences"]) >= 3  # the title and two sentences


def _stored_analysis(kh: khronika.Khronika, article_id: int) -> StoredAnalysis:
    analysis = kh.analysis(article_id)
    assert analysis is not None, f"article {article_id} was stored without its analysis"
    return analysis


def test_one_person_across_languages_and_scripts(kh: khronika.Khronika, tmp_path: Path) -> None:
    ids = _ingest(kh, tmp_path)
    per_article = [
        {m["entity_id"] for m in _stored_analysis(kh, i).entities if "ukash" in m["entity_id"] or "укаш" in m["canonical"].lower()}
        for i in ids
    ]  # fmt: skip
    assert all(len(found) == 1 for found in per_article), per_article
    assert len(set.union(*per_article)) == 1
    entity = kh.entity("Lukashenko")
    assert entity.summary.type == "PER" and entity.summary.articles == 3
    assert {"Олександр Лукашенко", "Александр Лукашенко"} <= set(entity.summary.aliases)
    assert kh.entity("Лукашенка").id == entity.id  # any form, any script


def test_places_join_across_languages_by_transliteration(kh: khronika.Khronika, tmp_path: Path) -> None:
    _ingest(kh, tmp_path)
    minsk = kh.entity("Minsk")
    assert minsk.summary.type == "LOC" and minsk.summary.articles == 3


def test_entities_command_lists_aliases_and_counts(cli: Cli, tmp_path: Path) -> None:
    with khronika.open(cli.db_path) as kh:
        _ingest(kh, tmp_path)
    listed = cli.json("entities")
    top = {e["id"]: e for e in listed}
    putin = next(e for e in listed if e["type"] == "PER" and "Путін" in " ".join(e["aliases"]))
    assert putin["articles"] == 3 and putin["mentions"] >= 3
    assert top
    shown = cli.json("entity", "Путин")
    assert shown["id"] == putin["id"] and len(shown["articles_list"]) == 3
    missing = cli("entity", "Nobody Atall")
    assert missing.exit_code == 1 and "no entity named" in missing.stderr


def test_reanalyze_older_redoes_only_stale_articles(
    kh: khronika.Khronika, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _ingest(kh, tmp_path)
    assert kh.reanalyse(only_older=True, progress=False) == 0
    with monkeypatch.context() as older:  # the first article's analysis as an older pipeline left it: empty
        older.setattr(sqlite_store, "PIPELINE_VERSION", "0")
        replace_analysis(kh.store, ids[0], AnalysedArticle.unanalysed(kh.article(ids[0])))
    assert kh.store.articles_to_analyse(only_older=True) == [ids[0]]
    assert kh.reanalyse(only_older=True, progress=False) == 1
    refreshed = kh.analysis(ids[0])
    assert refreshed is not None and refreshed.entities
    assert kh.store.articles_to_analyse(only_older=True) == []  # every analysis of this pipeline version
    assert kh.reanalyse(only_older=False, progress=False) == 3


def test_analyze_command_prints_the_analysed_article_without_storing(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Лукашенко і Путін\n" + "\n".join(UK))
    result = cli("analyze", str(path), "--published", "2020-09-14", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["language"] == "uk" and data["title"] == "Лукашенко і Путін"
    assert {"sentences", "entities", "times"} <= set(data)
    assert not cli.db_path.exists()


def test_analyze_bad_inputs_are_one_line_errors(cli: Cli, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    result = cli("analyze", str(empty))
    assert result.exit_code == 1 and "empty" in result.stderr and "Traceback" not in result.output
    bad_date = cli("analyze", str(empty), "--published", "2020-02-30")
    assert bad_date.exit_code == 2 and "--published" in bad_date.stderr
    polish = tmp_path / "pl.txt"
    polish.write_text("Prezydent Białorusi Aleksander Łukaszenka poleciał 14 września do Soczi na spotkanie z Putinem.")
    result = cli("analyze", str(polish), "--published", "2020-09-14", "--json")
    assert result.exit_code == 0
    assert "not analysed deeply" in result.stderr
    data = json.loads(result.stdout)
    assert data["language"] == "pl" and data["entities"] == [] and data["sentences"]


def test_analyze_a_2mb_single_line_is_cut_with_a_warning(cli: Cli, tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    huge.write_text(("Лукашенко зустрівся з Путіним у Сочі 14 вересня. " * 45_000)[:2_000_000])
    result = cli("analyze", str(huge), "--published", "2020-09-14", "--json")
    assert result.exit_code == 0
    assert "analysed the first 200,000 only" in result.stderr
    assert len(json.loads(result.stdout)["text"]) == 200_000
