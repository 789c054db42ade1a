import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import html

from khronika.errors import UsageError
from khronika.extract.dates import find_publication_date, parse_iso_timestamp, parse_published, parse_user_date
from khronika.records import DateSource


def _find(page: str, url: str | None = None) -> tuple[str | None, DateSource]:
    found = find_publication_date(html.fromstring(page), page, url, None)
    return found.value, found.source


def test_timestamp_keeps_time_and_offset() -> None:
    found = parse_iso_timestamp("2020-09-14T10:32:00+03:00", DateSource.METADATA)
    assert found is not None
    assert (found.value, found.has_time, found.utc_offset, found.day) == (
        "2020-09-14T10:32:00+03:00",
        True,
        "+03:00",
        "2020-09-14",
    )
    zulu = parse_iso_timestamp("2020-09-14T07:32Z", DateSource.METADATA)
    assert zulu is not None and zulu.value == "2020-09-14T07:32:00+00:00"


def test_invalid_user_dates_are_refused() -> None:
    for bad in ("2020-13-01", "14.09.2020", "yesterday", "1789-07-14"):
        try:
            parse_user_date(bad)
        except ValueError as err:
            assert bad in str(err)
        else:
            raise AssertionError(bad)


def test_the_published_option_is_checked_once_for_ingest_and_analyze() -> None:
    assert parse_published(None) is None
    given_date = parse_published("2020-09-14")
    assert given_date is not None and (given_date.value, given_date.source) == ("2020-09-14", DateSource.GIVEN)
    with pytest.raises(UsageError, match=r"^--published: not an ISO date .*'14\.09\.2020'"):
        parse_published("14.09.2020")


@given(
    st.dates(min_value=__import__("datetime").date(1990, 1, 1)),
    st.times(),
    st.sampled_from(["", "Z", "+03:00", "-0530"]),
)
def test_timestamp_round_trip(day, clock, zone) -> None:  # type: ignore[no-untyped-def]
    text = f"{day.isoformat()}T{clock.strftime('%H:%M:%S')}{zone}"
    found = parse_iso_timestamp(text, DateSource.METADATA)
    assert found is not None and found.day == day.isoformat()
    assert found.value is not None and found.value.startswith(f"{day.isoformat()}T{clock.strftime('%H:%M:%S')}")


def test_meta_tag_json_ld_and_time_element() -> None:
    meta = '<html><head><meta property="article:published_time" content="2020-09-14T10:32:00+03:00"></head><body><p>x</p></body></html>'
    assert _find(meta) == ("2020-09-14T10:32:00+03:00", DateSource.METADATA)
    ld = '<html><head><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2020-09-13T08:00:00+02:00"}</script></head><body><p>x</p></body></html>'
    assert _find(ld) == ("2020-09-13T08:00:00+02:00", DateSource.METADATA)


def test_url_date_when_markup_has_none() -> None:
    page = "<html><body><p>Text without any date at all, long enough.</p></body></html>"
    assert _find(page, "https://news.example/2020/09/14/story") == ("2020-09-14", DateSource.URL)


def test_date_printed_in_the_page_keeps_its_time() -> None:
    page = '<html><body><div class="meta">14.09.2020 10:32</div><h1>Title</h1><p>Some body text here.</p><footer>© 2019 Site</footer></body></html>'
    # a date element is markup: htmldate finds it, the time printed beside it is kept
    assert _find(page) == ("2020-09-14T10:32:00", DateSource.METADATA)


def test_copyright_year_is_not_a_publication_date() -> None:
    page = "<html><body><article><p>A long paragraph about protests in Minsk and what followed.</p></article><footer>© 2020 Outlet. All rights reserved.</footer></body></html>"
    assert _find(page) == (None, DateSource.NONE)


def test_written_dates_in_page_text_with_time_or_published_cue() -> None:
    def text_date(body: str) -> tuple[str | None, DateSource]:
        return _find(f"<html><body>{body}<h1>Title</h1><p>Some body text here.</p></body></html>")

    assert text_date("<span>Опубліковано 14 вересня 2020, 10:32</span>") == ("2020-09-14T10:32:00", DateSource.TEXT)
    assert text_date("<p>Publié le 3 juillet 2013 à 23h49</p>") == ("2013-07-03T23:49:00", DateSource.TEXT)
    assert text_date("<p>Published September 14, 2020</p>") == ("2020-09-14", DateSource.TEXT)


def test_a_date_inside_the_story_or_a_bare_year_is_no_publication_date() -> None:
    page = "<html><body><h1>Вибори</h1><p>9 серпня 2020 року в Білорусі відбулися вибори.</p><p>Рік 2020 був важким.</p></body></html>"
    assert _find(page) == (None, DateSource.NONE)


def test_a_page_declaring_its_encoding_is_still_read_for_a_printed_date() -> None:
    # lxml refuses a str with an XML encoding declaration; the text step used to end there
    page = (
        "<?xml version='1.0' encoding='utf-8'?><html><body><span>Опубліковано 14 вересня 2020, 10:32</span>"
        "<h1>Title</h1><p>Some body text here.</p></body></html>"
    )
    found = find_publication_date(None, page, None, None)
    assert (found.value, found.source) == ("2020-09-14T10:32:00", DateSource.TEXT)


def test_a_compact_date_in_the_url_path() -> None:
    page = "<html><body><p>Text without any date at all, long enough.</p></body></html>"
    assert _find(page, "https://www.thelocal.se/20200428/meet-the-swede") == ("2020-04-28", DateSource.URL)
    assert _find(page, "https://example.org/article/20201399/x")[1] is not DateSource.URL  # no such day


def test_a_utc_timestamp_gives_way_to_the_day_the_page_prints_beside_it() -> None:
    def page(printed: str) -> str:
        return (
            '<html><head><meta property="article:published_time" content="2023-11-09T01:49:09+00:00"></head>'
            f"<body><p class='byline'>{printed}</p><p>The mayor was elected on Tuesday night.</p></body></html>"
        )

    assert _find(page("Published November 8, 2023"))[0] == "2023-11-08"  # the American day the page shows
    assert _find(page("Published November 9, 2023"))[0] == "2023-11-09T01:49:09+00:00"  # its own day: kept
    assert _find(page("No date here"))[0] == "2023-11-09T01:49:09+00:00"
    # the day after is out of reach of any offset from 01:49 UTC (+14 h at most): the day before it is
    assert _find(page("November 8, 2023 and November 10, 2023"))[0] == "2023-11-08"


def test_a_late_utc_timestamp_never_moves_to_the_day_before() -> None:
    page = (
        '<html><head><meta property="article:published_time" content="2020-09-28T23:12:35+00:00"></head>'
        "<body><p>Related: September 27, 2020</p><p>The team played on Sunday.</p></body></html>"
    )
    assert _find(page)[0] == "2020-09-28T23:12:35+00:00"  # -10 h from 23:12 is still the 28th


def test_the_same_moment_in_local_time_names_the_local_day() -> None:
    def page(extra: str, printed: str = "") -> str:
        return (
            '<html><head><meta property="article:published_time" content="2023-11-09T05:30:59+00:00"></head>'
            f"<body><p>{printed}</p>{extra}<p>The mayor was elected on Tuesday night.</p></body></html>"
        )

    # another timestamp of the same instant with its offset, or one without an offset
    assert _find(page("<script>var t = '2023-11-08T23:30:59-06:00';</script>"))[0] == "2023-11-08"
    assert _find(page('<time datetime="2023-11-08 23:30:59">Nov 8</time>', "November 9, 2023"))[0] == "2023-11-08"
    # a printed date with its clock (no seconds: whole hours away)
    assert _find(page("", "09.11.2023, 06:30 and 08.11.2023"))[0] == "2023-11-09T05:30:59+00:00"  # its own day
    assert _find(page("", "08.11.2023, 23:30"))[0] == "2023-11-08"
    # a clock that is no whole number of hours away is another moment: the printed-day rule decides
    assert _find(page("", "08.11.2023, 23:47"))[0] == "2023-11-08"
    assert _find(page("<script>var t = '2023-11-08T23:31:17-06:00';</script>"))[0] == "2023-11-09T05:30:59+00:00"


def test_a_malformed_seconds_field_and_microdata_on_any_element() -> None:
    found = parse_iso_timestamp("2020-12-05T23:15:0Z", DateSource.METADATA)
    assert found is not None and found.value == "2020-12-05T23:15:00+00:00"
    assert parse_iso_timestamp("2020-12-05T23:15:75Z", DateSource.METADATA) is None
    page = '<html><body><p itemprop="datePublished" content="2022-01-14 10:31:00">Januar 2022</p><p>x</p></body></html>'
    assert _find(page)[0] == "2022-01-14T10:31:00"


def test_more_printed_date_formats() -> None:
    from khronika.extract.dates import _printed_dates

    assert [day for day, _ in _printed_dates("Stand: 26 | 01 | 2022")] == ["2022-01-26"]
    assert [day for day, _ in _printed_dates("am 8.5.12 veröffentlicht")] == ["2012-05-08"]
    assert [day for day, _ in _printed_dates("version 1.2.3.4 and 31.2.12")] == []  # not dates


def test_the_last_resort_never_takes_a_bare_years_first_of_january() -> None:
    from khronika.extract.dates import _last_resort

    assert _last_resort("<html><body><p>© 2020 Outlet</p><p>Nothing dated here at all.</p></body></html>", None) is None


def test_a_time_element_that_shows_its_day_is_the_dateline_unless_several_days_are_shown() -> None:
    one = '<html><body><p>Erschienen am <time datetime="2022-01-26">26. Jan 2022</time></p><p>Text.</p></body></html>'
    assert _find(one) == ("2022-01-26", DateSource.METADATA)
    many = (
        '<html><body><ul><li><time datetime="2020-12-03 07:32:49">3 December 2020</time></li>'
        '<li><time datetime="2023-01-06 21:59:35">6 January 2023</time></li></ul><p>Text.</p></body></html>'
    )
    assert _find(many)[0] != "2020-12-03T07:32:49"  # a list of other stories: no dateline


def test_a_printed_clock_reads_am_and_pm() -> None:
    from khronika.extract.local_day import printed_clock, printed_dates

    def clock(text: str) -> tuple[int, int] | None:
        return next(printed_clock(text, match) for _, match in printed_dates(text))

    assert clock("November 8, 2023 at 11:30 p.m.") == (23, 30)
    assert clock("November 8, 2023 at 12:10 a.m.") == (0, 10)
    assert clock("November 9, 2023 3:02am EST") == (3, 2)
    assert clock("5 mars 2020 à 14h05") == (14, 5)
    assert clock("November 8, 2023 and 123:45") is None
