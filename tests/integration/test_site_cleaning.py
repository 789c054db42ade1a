"""Site-level cleaning through ingest and reanalyze: an outlet's repeated lines go,
once its other pages show them, and are kept with their rule."""

from __future__ import annotations

from pathlib import Path

from khronika import open as open_database

FURNITURE = ["Webs de PRISA", "Más noticias de Internacional"]
STORIES = [
    ("Protestas en El Cairo", "Miles de personas se manifestaron el martes en El Cairo contra el Gobierno."),
    ("Sanciones a Libia", "El Consejo de Seguridad estudiará este viernes si sanciona a Libia."),
    ("Elecciones en Túnez", "Los tunecinos votarán en octubre a la asamblea que redactará la Constitución."),
    ("Huelga en Yemen", "Los funcionarios de Saná siguieron el jueves la huelga convocada por la oposición."),
    ("Cumbre en Bruselas", "Los ministros de Exteriores se reunieron en Bruselas para estudiar nuevas medidas."),
]


def _pages(folder: Path) -> list[str]:
    folder.mkdir()
    paths = []
    for number, (title, sentence) in enumerate(STORIES):
        path = folder / f"{number}.txt"
        path.write_text(f"{title}\n\n{sentence}\n{sentence.replace('.', ', dijeron.')}\n" + "\n".join(FURNITURE) + "\n")
        paths.append(str(path))
    return paths


def test_repeated_lines_go_once_the_outlet_shows_them_and_reanalyze_cleans_the_first(tmp_path: Path) -> None:
    paths = _pages(tmp_path / "pages")
    with open_database(tmp_path / "k.db") as kh:
        kh.ingest(paths, source="Diario", progress=False)
        texts = {article.title: article for article in kh.articles()}
        first, last = texts[STORIES[0][0]], texts[STORIES[-1][0]]
        assert all(line in first.text for line in FURNITURE)  # the first pages: no evidence yet
        assert not any(line in last.text for line in FURNITURE)
        assert {(d.text, d.rule) for d in last.dropped} >= {(line, "site_repeat") for line in FURNITURE}
        kh.reanalyse(only_older=False, progress=False)
        cleaned = kh.article(first.id)
        assert not any(line in cleaned.text for line in FURNITURE) and STORIES[0][1] in cleaned.text
        assert cleaned.version == 1 and len(kh.article_versions(first.id)) == 1
        assert kh.ingest(paths[:1], source="Diario", progress=False).duplicates == 1  # the same page adds nothing


def test_without_an_outlet_nothing_is_dropped(tmp_path: Path) -> None:
    paths = _pages(tmp_path / "pages")
    with open_database(tmp_path / "k.db") as kh:
        kh.ingest(paths, progress=False)
        assert all(all(line in article.text for line in FURNITURE) for article in kh.articles())
