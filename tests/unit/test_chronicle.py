"""The chronicle engine over hand-built analysed articles: dates, lines, duplicates, disputes."""

from __future__ import annotations

import json
import re

from khronika.records import (
    AnalysedArticle,
    Conflict,
    DateSource,
    EntityMention,
    EntityType,
    Field,
    Figure,
    PublicationDate,
    Sentence,
    TimeAnchor,
    TimeExpression,
    TimeGranularity,
    Token,
)
from khronika.stories.chronicle import ChronicleSettings, build_chronicle
from khronika.stories.chronicle_dates import article_candidates
from khronika.stories.chronicle_json import chronicle_from_json, chronicle_json
from khronika.stories.chronicle_records import ChronicleArticle

# (surface, value, granularity, approximate)
Time = tuple[str, str, TimeGranularity, bool]
DAY = TimeGranularity.DAY


def article(
    article_id: int,
    published: str,
    sentences: list[str],
    lang: str = "en",
    times: dict[int, list[Time]] | None = None,
    entities: dict[int, list[str]] | None = None,
    figures: dict[int, list[float]] | None = None,
    conflicts: tuple[Conflict, ...] = (),
    copy_group: int | None = None,
) -> ChronicleArticle:
    """An analysed article: one sentence a line, lemmas are lowercased words."""
    text = ""
    spans: list[Sentence] = []
    tokens: list[Token] = []
    time_list: list[TimeExpression] = []
    mentions: list[EntityMention] = []
    figure_list: list[Figure] = []
    for i, sentence in enumerate(sentences):
        start = len(text)
        text += sentence + "\n"
        spans.append(Sentence(start, start + len(sentence)))
        for m in re.finditer(r"\w+|[^\w\s]", sentence):
            tokens.append(Token(m.group(), start + m.start(), start + m.end(), lemma=m.group().lower(), sentence=i))
        for surface, value, granularity, approximate in (times or {}).get(i, []):
            at = start + sentence.index(surface)
            time_list.append(
                TimeExpression(surface, at, at + len(surface), value, granularity, approximate, TimeAnchor.PUBLICATION)
            )
        for name in (entities or {}).get(i, []):
            at = start + sentence.index(name) if name in sentence else start
            mentions.append(EntityMention(name, at, at + 1, Field.TEXT, EntityType.PER, name, f"id:{name}"))
        for number in (figures or {}).get(i, []):
            figure_list.append(Figure(i, Field.TEXT, str(number), start, start + 1, number, measure="deaths"))
    analysis = AnalysedArticle(
        lang, None, text, PublicationDate(published, DateSource.GIVEN), tuple(spans), tuple(tokens),
        tuple(mentions), tuple(time_list), (), tuple(figure_list), conflicts,
    )  # fmt: skip
    return ChronicleArticle(
        article_id, analysis, f"https://example.org/{article_id}", f"outlet{article_id}", copy_group
    )


def test_dates_are_named_exact_past_and_not_conditional() -> None:
    item = article(
        1,
        "2020-09-14",
        [
            "The lead sentence says the president flew to Sochi for talks.",
            "A few months ago the president criticised Moscow openly and often.",
            "On 9 August the presidential election was held across the country.",
            "If on 20 August the country falls, Russia would be next, he said.",
            "On 20 September a new round of talks is planned in Moscow.",
            "Protesters marched again in Minsk today, witnesses said.",
        ],
        times={
            1: [("A few months ago", "2020-06", TimeGranularity.MONTH, True)],
            2: [("9 August", "2020-08-09", DAY, False)],
            3: [("20 August", "2020-08-20", DAY, False)],
            4: [("20 September", "2020-09-20", DAY, False)],
        },
    )
    found = {(c.date, c.sentence, c.explicit, c.announced) for c in article_candidates(0, item, publication_days=1)}
    assert found == {
        ("2020-09-14", 0, False, False),  # a lead sentence stands for its publication day
        ("2020-08-09", 2, True, False),
        ("2020-09-20", 4, True, True),  # after publication: announced, never a line
        ("2020-09-14", 5, True, False),  # "today" names the publication day
    }
    chronicle = build_chronicle([item], ChronicleSettings(publication_days=1))
    assert [entry.date for entry in chronicle.entries] == ["2020-08-09", "2020-09-14"]


def test_a_date_many_articles_refer_to_outranks_a_busy_publication_day() -> None:
    items = [
        article(i, "2020-09-1" + str(i), [f"Report {i}: crowds recalled that on 9 August the election was rigged."],
                times={0: [("9 August", "2020-08-09", DAY, False)]})
        for i in range(1, 4)
    ]  # fmt: skip
    items += [
        article(10 + i, "2020-09-01", [f"Unrelated story number {i} about the weather was here."]) for i in range(2)
    ]
    chronicle = build_chronicle(items, ChronicleSettings(max_dates=1, publication_days=1))
    (entry,) = chronicle.entries
    assert entry.date == "2020-08-09" and entry.mentions == 3


def test_a_date_recalled_on_several_days_outranks_one_named_on_a_single_day() -> None:
    # three reports of one day name 9 August; two reports, a week apart, name 20 August
    same_day = [
        article(i, "2020-09-10", [f"Report {i}: on 9 August the polls closed early in Minsk."],
                times={0: [("9 August", "2020-08-09", DAY, False)]})
        for i in range(1, 4)
    ]  # fmt: skip
    recalled = [
        article(10 + i, published, [f"Recall {i}: on 20 August the strike began at the tractor works."],
                times={0: [("20 August", "2020-08-20", DAY, False)]})
        for i, published in enumerate(["2020-09-11", "2020-09-18"])
    ]  # fmt: skip
    chronicle = build_chronicle(same_day + recalled, ChronicleSettings(max_dates=1, publication_days=1))
    (entry,) = chronicle.entries
    assert entry.date == "2020-08-20" and entry.mentions == 2
    counted_by_articles = ChronicleSettings(max_dates=1, publication_days=1, mention_weight=1.0, mention_days_weight=0)
    (entry,) = build_chronicle(same_day + recalled, counted_by_articles).entries
    assert entry.date == "2020-08-09"


def test_a_bibliography_or_link_line_dates_nothing() -> None:
    notes = article(
        1,
        "2020-09-14",
        [
            "The lead sentence says the president flew to Sochi for talks.",
            "[5] Smith, J. «What happens in Minsk», The Guardian, 12/08/20.",
            "The full report, published on 13 August, is at https://example.org/report today.",
            "On 9 August the presidential election was held across the country.",
        ],
        times={
            1: [("12/08/20", "2020-08-12", DAY, False)],
            2: [("13 August", "2020-08-13", DAY, False)],
            3: [("9 August", "2020-08-09", DAY, False)],
        },
    )
    chronicle = build_chronicle([notes], ChronicleSettings(publication_days=1))
    assert [entry.date for entry in chronicle.entries] == ["2020-08-09", "2020-09-14"]


def test_a_quoted_post_is_no_line_of_its_date() -> None:
    posts = article(
        1,
        "2020-08-10",
        [
            "@minsk_watch: crowds fill the avenue tonight, police everywhere #Belarus",
            "Police detained hundreds of protesters in Minsk on Monday night.",
        ],
        times={0: [("tonight", "2020-08-10", DAY, False)], 1: [("Monday", "2020-08-10", DAY, False)]},
    )
    (entry,) = build_chronicle([posts], ChronicleSettings(per_date=2, publication_days=1)).entries
    assert [line.text for line in entry.sentences] == [
        "Police detained hundreds of protesters in Minsk on Monday night."
    ]


def test_copies_count_once_and_one_event_in_two_languages_is_one_line() -> None:
    sentence_en = "On 13 September police detained over 400 people at the march in Minsk."
    sentence_uk = "13 вересня на марші в Мінську поліція затримала понад 400 людей протестувальників."
    times_en = {0: [("13 September", "2020-09-13", DAY, False)]}
    times_uk = {0: [("13 вересня", "2020-09-13", DAY, False)]}
    people = {0: ["Minsk", "police"]}
    items = [
        article(1, "2020-09-14", [sentence_en], "en", times_en, people, {0: [400.0]}, copy_group=7),
        article(2, "2020-09-14", [sentence_en], "en", times_en, people, {0: [400.0]}, copy_group=7),
        article(3, "2020-09-14", [sentence_uk], "uk", times_uk, people, {0: [400.0]}),
    ]
    chronicle = build_chronicle(items, ChronicleSettings(per_date=3, publication_days=1))
    (entry,) = [e for e in chronicle.entries if e.date == "2020-09-13"]
    assert entry.mentions == 2  # the copy group once, the Ukrainian article once
    (line,) = entry.sentences
    assert sorted(c.article_id for c in line.citations) == [1, 2, 3]  # the copy is cited too
    assert set(line.languages) == {"en", "uk"}


def test_different_events_of_one_date_stay_two_lines() -> None:
    times = {0: [("9 August", "2020-08-09", DAY, False)]}
    items = [
        article(1, "2020-08-10", ["On 9 August the presidential election was held in Belarus."], times=times),
        article(
            2, "2020-08-10", ["On 9 August thousands protested outside the election commission building."], times=times
        ),
    ]
    chronicle = build_chronicle(items, ChronicleSettings(per_date=2, publication_days=1))
    (entry,) = [e for e in chronicle.entries if e.date == "2020-08-09"]
    assert len(entry.sentences) == 2


def test_a_line_with_disputed_figures_names_both_sides() -> None:
    conflict = Conflict("deaths", 0, 1, "interior ministry", "rights groups", 3.0, 5.0, 0, 1)
    item = article(
        1,
        "2020-09-14",
        ["On 11 August three protesters died in the clashes, the interior ministry said.",
         "Rights groups say five people died in those clashes."],
        times={0: [("11 August", "2020-08-11", DAY, False)]},
        conflicts=(conflict,),
    )  # fmt: skip
    chronicle = build_chronicle([item], ChronicleSettings(publication_days=1))
    (entry,) = [e for e in chronicle.entries if e.date == "2020-08-11"]
    (dispute,) = entry.sentences[0].disputes
    assert (dispute.first_source, dispute.first_value, dispute.second_source, dispute.second_value) == (
        "interior ministry", 3.0, "rights groups", 5.0,
    )  # fmt: skip


def test_headings_and_fragments_are_no_lines() -> None:
    item = article(1, "2020-09-14", ["Situation in Belarus: chronicle", "Photo: Reuters"])
    assert build_chronicle([item]).entries == ()


def test_a_sentence_filter_keeps_only_the_candidates_it_accepts() -> None:
    times = {0: [("9 August", "2020-08-09", DAY, False)], 1: [("11 August", "2020-08-11", DAY, False)]}
    item = article(
        1,
        "2020-09-14",
        ["On 9 August the presidential election was held in Belarus.",
         "On 11 August the opposition leader left the country for Lithuania."],
        times=times,
        entities={1: ["opposition leader"]},
    )  # fmt: skip
    unfiltered = build_chronicle([item], ChronicleSettings(publication_days=1))
    assert {"2020-08-09", "2020-08-11"} <= {e.date for e in unfiltered.entries}

    def mentions_the_leader(candidate: ChronicleArticle, sentence: int) -> bool:
        span = candidate.analysis.sentences[sentence]
        return any(span.start <= m.start < span.end for m in candidate.analysis.entities)

    filtered = build_chronicle([item], ChronicleSettings(publication_days=1), sentence_filter=mentions_the_leader)
    assert [e.date for e in filtered.entries] == ["2020-08-11"]
    assert "Lithuania" in filtered.entries[0].sentences[0].text


def test_a_chronicle_kept_as_json_reads_back_equal() -> None:
    conflict = Conflict("deaths", 0, 1, "interior ministry", "rights groups", 3.0, 5.0, 0, 1)
    times = {0: [("11 August", "2020-08-11", DAY, False)]}
    text = "On 11 August three protesters died in the clashes, the interior ministry said."
    items = [
        article(1, "2020-09-14", [text, "Rights groups say five people died in those clashes."], times=times,
                conflicts=(conflict,)),
        article(2, "2020-09-15", [text], "en", times, copy_group=1),
    ]  # fmt: skip
    chronicle = build_chronicle(items, ChronicleSettings(per_date=2, publication_days=1))
    assert chronicle.entries and any(s.disputes for e in chronicle.entries for s in e.sentences)
    assert any(len(s.citations) > 1 for e in chronicle.entries for s in e.sentences)
    kept = json.loads(json.dumps(chronicle_json(chronicle)))  # as the store keeps it
    assert chronicle_from_json(kept, chronicle.settings) == chronicle
