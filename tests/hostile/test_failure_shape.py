"""Every failure has one shape: ``input``, a one-line ``reason``, a ``kind`` word."""

from __future__ import annotations

import pytest

from khronika.records import FailureKind, IngestFailure, IngestReport


@pytest.mark.parametrize(
    ("reason", "kind"),
    [
        ("no such file or directory", "missing"),
        ("no files match this pattern", "missing"),
        ("cannot read: Permission denied", "unreadable"),
        ("2.0 MB is over the 1 MB size limit (--max-bytes)", "too_large"),
        ("binary data, not HTML or text", "unsupported"),
        ("no article text found (the page holds only boilerplate or markup)", "empty"),
        (
            "truncated or corrupt gzip file (Compressed file ended before the end-of-stream marker was reached)",
            "malformed",
        ),
        ("disallowed by robots.txt", "refused"),
        ("HTTP 404 Not Found", "network"),
        ("extraction failed: RecursionError: maximum recursion depth exceeded", "internal"),
    ],
)
def test_a_failure_made_without_a_kind_gets_the_one_its_reason_says(reason: str, kind: str) -> None:
    # run/processes.py and api.py make failures from InputError and bugs without a kind
    assert IngestFailure("page.html", reason).kind == kind


def test_the_json_shape_and_one_line_reasons() -> None:
    given = IngestFailure("a.html", "first line\nsecond line", FailureKind.MALFORMED)
    assert given.reason == "first line second line" and given.kind == "malformed"
    report = IngestReport(failed=[given, IngestFailure("b.html", "empty file")])
    assert report.to_json()["failed"] == [
        {"input": "a.html", "reason": "first line second line", "kind": "malformed"},
        {"input": "b.html", "reason": "empty file", "kind": "empty"},
    ]
