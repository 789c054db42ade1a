"""``khronika chronicle`` and ``khronika background`` over stored articles: the seed,
a hostile article, and the sample corpus (examples/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli, requires_shared
from tests.integration.test_seed_chronicle import EXPECTED
from tests.seed_page import SEED

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
HOSTILE = (
    "Council meeting report\n\n"
    "On 3 March 2021 the city council of Kyiv met and members said the note "
    "<script>alert(1)</script> was found on the desk.\n\n"
    "The council will meet again next month to discuss the budget of the city and its schools.\n"
)


def _only_story(cli: Cli) -> int:
    (story,) = cli.json("stories")
    return int(story["id"])


def test_the_seeds_chronicle_has_its_five_dated_entries(cli: Cli) -> None:
    requires_shared(SEED)
    assert cli("ingest", str(SEED), "--published", "2020-09-14", "-q").exit_code == 0
    (article,) = cli.json("articles")
    report = cli.json("chronicle", str(_only_story(cli)))
    assert [entry["date"] for entry in report["entries"]] == sorted(EXPECTED)
    for entry in report["entries"]:
        (line,) = entry["lines"]
        assert all(words in line["text"] for words in EXPECTED[entry["date"]]), (entry["date"], line["text"])
        assert [c["article_id"] for c in line["citations"]] == [article["id"]]
        assert line["languages"] == ["uk"]


def test_every_format_and_the_html_escapes_what_the_article_holds(cli: Cli, tmp_path: Path) -> None:
    page = tmp_path / "council.txt"
    page.write_text(HOSTILE, encoding="utf-8")
    ingested = cli("ingest", str(page), "--published", "2021-03-05", "--source", 'Evil <b>"Outlet"</b>', "-q")
    assert ingested.exit_code == 0, ingested.output
    story = str(_only_story(cli))
    outputs = {fmt: cli("chronicle", story, "--format", fmt) for fmt in ("text", "md", "html", "json")}
    assert all(result.exit_code == 0 for result in outputs.values()), {k: r.output for k, r in outputs.items()}
    text = outputs["text"].stdout
    assert "2021-03-03  On 3 March 2021 the city council" in text and '[Evil <b>"Outlet"</b> (en)' in text
    assert "## 2021-03-03" in outputs["md"].stdout and "\\<script\\>" in outputs["md"].stdout
    document = outputs["html"].stdout
    assert document.startswith("<!DOCTYPE html>") and document.rstrip().endswith("</html>")
    assert "<script>" not in document and "<b>" not in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document
    assert "Evil &lt;b&gt;&quot;Outlet&quot;&lt;/b&gt;" in document
    assert "href=" not in document  # a file:// URL is no link
    assert '"date": "2021-03-03"' in outputs["json"].stdout


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    cli = Cli(tmp_path_factory.mktemp("sample") / "sample.db")
    sources = [str(EXAMPLES / name) for name in ("html", "feed.xml", "corpus.warc.gz")]
    assert cli("ingest", *sources, "-q").exit_code == 0
    return cli


def _citation_texts(line: dict[str, Any]) -> list[str]:
    return [c["text"] for c in line["citations"]]


def test_background_of_a_pair_finds_the_sochi_meeting(sample: Cli) -> None:
    report = sample.json("background", "Лукашенко", "Путін")
    assert {"per:lukashenko", "per:putin"} <= {i for group in report["entity_ids"] for i in group}
    (sochi,) = next(entry["lines"] for entry in report["entries"] if entry["date"] == "2020-09-14")
    assert "Сочи" in sochi["text"] or "Sochi" in sochi["text"]
    assert len({c["article_id"] for c in sochi["citations"]}) >= 2
    report = sample.json("background", "Лукашенко", "Путін", "--per-date", "3")
    by_date = {entry["date"]: entry["lines"] for entry in report["entries"]}
    assert all(line["stories"] for lines in by_date.values() for line in lines)
    texts = [t for lines in by_date.values() for line in lines for t in _citation_texts(line)]
    assert texts and not any("кілька разів розмовляли телефоном" in t for t in texts)


def _belarus_storyline(sample: Cli) -> int:
    def lukashenko(line: dict[str, Any]) -> int:
        return max((e["articles"] for e in line["top_entities"] if e["id"] == "per:lukashenko"), default=0)

    return int(max(sample.json("storylines"), key=lukashenko)["id"])


def test_a_storylines_chronicle_shows_its_disputed_figures(sample: Cli) -> None:
    storyline = str(_belarus_storyline(sample))
    result = sample("chronicle", "--storyline", storyline, "--per-date", "3")
    assert result.exit_code == 0, result.output
    assert "(disputed: officials 3, human rights groups 5)" in result.stdout
    dates = [line.split()[0] for line in result.stdout.splitlines()[1:]]
    assert dates == sorted(dates) and "2020-09-14" in dates
    capped = sample.json("chronicle", "--storyline", storyline, "--max-dates", "2")
    assert len(capped["entries"]) == 2


def test_lang_tells_a_line_in_that_language_where_a_report_is(sample: Cli) -> None:
    storyline = str(_belarus_storyline(sample))
    default = sample.json("chronicle", "--storyline", storyline)
    changed_in: dict[str, int] = {}
    for lang in ("uk", "ru", "en"):
        report = sample.json("chronicle", "--storyline", storyline, "--lang", lang)
        assert [e["date"] for e in report["entries"]] == [e["date"] for e in default["entries"]]
        changed = 0
        for entry, before in zip(report["entries"], default["entries"], strict=True):
            for line, old in zip(entry["lines"], before["lines"], strict=True):
                assert sorted(_citation_texts(line)) == sorted(_citation_texts(old))  # the same reports
                if lang in line["languages"]:
                    assert line["citations"][0]["lang"] == lang and line["text"] == line["citations"][0]["text"]
                    changed += line["text"] != old["text"]
        changed_in[lang] = changed
    # the storyline's most frequent language tells its lines by default; in the other two, some line is
    # told in another language by default
    assert sum(1 for changed in changed_in.values() if changed) >= 2, changed_in


@pytest.mark.parametrize(
    "args",
    [
        ("chronicle", "9999"),
        ("chronicle", "--storyline", "9999"),
        ("background", "Nobody-at-all-xyz"),
        ("background", "Лукашенко", "Nobody-at-all-xyz"),
    ],
)
def test_unknown_ids_and_names_are_one_line_errors(sample: Cli, args: tuple[str, ...]) -> None:
    result = sample(*args)
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1 and result.output.startswith("error:")


@pytest.mark.parametrize(
    "args",
    [("chronicle",), ("chronicle", "1", "--storyline", "1"), ("chronicle", "1", "--per-date", "0"),
     ("chronicle", "1", "--lang", "xx")],
)  # fmt: skip
def test_bad_options_are_usage_errors(sample: Cli, args: tuple[str, ...]) -> None:
    result = sample(*args)
    assert result.exit_code == 2 and result.output.startswith("error:"), result.output


def test_a_stored_article_gets_back_its_stored_analysis_with_tokens(sample: Cli) -> None:
    import khronika
    from khronika.chronicles import full_analysis

    with khronika.open(sample.db_path) as kh:
        article = kh.article(kh.entity("Олександр Лукашенко").articles_list[0].id)
        rebuilt, fresh = full_analysis(kh, article), kh.analyse(article)
        stored = kh.analysis(article.id)
    assert stored is not None and rebuilt.tokens and rebuilt.tokens == fresh.tokens
    assert rebuilt.sentences == fresh.sentences
    assert [m.entity_id for m in rebuilt.entities] == [m["entity_id"] for m in stored.entities]
    assert rebuilt.conflicts == fresh.conflicts and rebuilt.claims == fresh.claims


def test_background_of_one_entity_keeps_only_sentences_naming_it(sample: Cli) -> None:
    report = sample.json("background", "Тихановська", "--per-date", "3")
    (ids,) = report["entity_ids"]
    assert "per:tsikhanouskaya" in ids and len(report["entries"]) >= 3
    for entry in report["entries"]:
        for line in entry["lines"]:
            assert line["stories"]
            assert any(name in line["text"] for name in ("Тихан", "Tsikhan")), line["text"]
    # the same articles' chronicles without the filter have lines that do not name her
    unfiltered = [
        line["text"]
        for story in {s for e in report["entries"] for line in e["lines"] for s in line["stories"]}
        for e in sample.json("chronicle", str(story), "--per-date", "3")["entries"]
        for line in e["lines"]
    ]
    assert any(not any(name in text for name in ("Тихан", "Tsikhan")) for text in unfiltered)
    shown = sample("background", "Тихановська", "--format", "text")
    assert shown.exit_code == 0 and "; story" in shown.stdout
