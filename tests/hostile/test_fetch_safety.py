"""Fetching URLs safely: no loopback, private, link-local or metadata address (after
DNS, and after each redirect) unless --allow-private-addresses; redirects capped.

Name resolution is faked (``socket.getaddrinfo`` patched): no test asks a DNS server,
and every connection made goes to the tests' own server on 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import khronika
from khronika.ingest import addresses
from khronika.ingest import http as http_source
from khronika.run.watch import watch_feeds
from khronika.settings import Settings
from tests.conftest import Cli
from tests.hostile.corpus import html_page, rss
from tests.httpserver import LocalServer, Response

HINT = "(--allow-private-addresses fetches from such addresses)"
PAGE = html_page("Новина з мережі", "новина з мережі", None).encode()


@pytest.fixture
def web() -> Iterator[LocalServer]:
    http_source.clear_robots_cache()
    with LocalServer() as server:
        server.route("/page", Response(body=PAGE))
        yield server
    http_source.clear_robots_cache()


@pytest.fixture
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """host name -> the address getaddrinfo answers for it (other names: the real lookup)."""
    names: dict[str, str] = {}
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
        return real(names.get(host, host), port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return names


@pytest.fixture
def loopback_counts_as_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """127.0.0.1 (the tests' server) passes for a public address; every other stays as it is."""
    real: Callable[[addresses.IPAddress], str | None] = addresses.refusal
    server = ipaddress.ip_address("127.0.0.1")
    monkeypatch.setattr(addresses, "refusal", lambda address: None if address == server else real(address))


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("192.168.0.10", "a private address"),
        ("fd12::1", "a private address"),
        ("169.254.169.254", "a cloud metadata address"),
        ("::ffff:169.254.169.254", "a cloud metadata address"),
        ("169.254.7.7", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("0.0.0.0", "the unspecified address"),
        ("224.0.0.1", "a multicast address"),
        ("100.64.0.1", "a reserved address"),
        ("240.0.0.1", "a reserved address"),
        ("93.184.216.34", None),
        ("2606:4700::1111", None),
    ],
)
def test_which_addresses_are_refused(address: str, why: str | None) -> None:
    assert addresses.refusal(ipaddress.ip_address(address)) == why


def test_a_loopback_url_is_refused_before_any_request(web: LocalServer, tmp_path: Path) -> None:
    with khronika.open(tmp_path / "k.db", Settings(show_progress=False)) as kh:
        report = kh.ingest([web.url("/page")], progress=False)
    assert [(f.input, f.reason, f.kind) for f in report.failed] == [
        (web.url("/page"), f"refused: 127.0.0.1 is a loopback address {HINT}", "refused")
    ]
    assert web.requests == []  # robots.txt not asked either


def test_the_option_allows_them(web: LocalServer, cli: Cli) -> None:
    refused = cli("ingest", "--json", web.url("/page"))
    assert refused.exit_code == 1 and "is a loopback address" in refused.stdout
    allowed = cli.json("--allow-private-addresses", "ingest", web.url("/page"))
    assert (allowed["ingested"], allowed["failed"]) == (1, [])


def test_a_name_that_resolves_to_a_private_address_is_refused(fake_dns: dict[str, str], tmp_path: Path) -> None:
    fake_dns["intranet.example"] = "10.1.2.3"
    fake_dns["metadata.example"] = "169.254.169.254"
    urls = ["http://intranet.example/wiki", "http://metadata.example/latest/meta-data/"]
    with khronika.open(tmp_path / "k.db", Settings(show_progress=False)) as kh:
        report = kh.ingest(urls, progress=False)
    assert [f.reason for f in report.failed] == [
        f"refused: intranet.example (10.1.2.3) is a private address {HINT}",
        f"refused: metadata.example (169.254.169.254) is a cloud metadata address {HINT}",
    ]


@pytest.mark.usefixtures("loopback_counts_as_public")
def test_every_redirect_is_checked_again(web: LocalServer, fake_dns: dict[str, str]) -> None:
    fake_dns["news.example"] = "127.0.0.1"
    web.route("/to-metadata", Response(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}))
    web.route("/to-loopback", Response(302, headers={"Location": f"http://[::1]:{web.port}/page"}))
    web.route("/to-page", Response(302, headers={"Location": "/page"}))
    base = f"http://news.example:{web.port}"
    settings = Settings(respect_robots=False)
    with pytest.raises(http_source.FetchError) as metadata:
        http_source.fetch(f"{base}/to-metadata", settings)
    assert (metadata.value.reason, metadata.value.kind) == (
        f"refused: 169.254.169.254 is a cloud metadata address {HINT}",
        "refused",
    )
    with pytest.raises(http_source.FetchError) as loopback:
        http_source.fetch(f"{base}/to-loopback", settings)
    assert loopback.value.reason == f"refused: ::1 is a loopback address {HINT}"
    assert http_source.fetch(f"{base}/to-page", settings).body == PAGE  # a redirect to a public host is followed


def test_redirects_are_capped_at_five(web: LocalServer) -> None:
    for hop in range(7):
        web.route(f"/hop{hop}", Response(302, headers={"Location": f"/hop{hop + 1}"}))
    web.route("/hop7", Response(body=PAGE))
    settings = Settings(allow_private_addresses=True, respect_robots=False)
    assert http_source.fetch(web.url("/hop2"), settings).url == web.url("/hop7")  # five redirects
    with pytest.raises(http_source.FetchError) as error:
        http_source.fetch(web.url("/hop1"), settings)  # six
    assert (error.value.input_name, error.value.reason) == (web.url("/hop1"), "more than 5 redirects")


def test_the_size_limit_applies_while_downloading(web: LocalServer) -> None:
    web.route("/endless", Response(body=b"<p>" + b"x" * (4 << 20), send_length=False))
    settings = Settings(allow_private_addresses=True, respect_robots=False, max_bytes=100_000)
    with pytest.raises(http_source.FetchError) as error:
        http_source.fetch(web.url("/endless"), settings)
    assert error.value.reason == "over the 98 kB size limit (--max-bytes)"


def test_a_feed_entry_and_watch_are_refused_too(web: LocalServer, tmp_path: Path) -> None:
    feed = tmp_path / "feed.rss"
    feed.write_bytes(rss(f"<item><title>Новина</title><link>{web.url('/page')}</link></item>"))
    web.route("/feed", Response(body=feed.read_bytes(), content_type="application/rss+xml"))
    lines: list[str] = []
    with khronika.open(tmp_path / "k.db", Settings(show_progress=False)) as kh:
        report = kh.ingest([str(feed)], progress=False)
        watch_feeds(kh, [web.url("/feed")], 60, polls=1, log=lines.append, sleep=lambda seconds: None)
    assert [(f.input, f.reason) for f in report.failed] == [
        (web.url("/page"), f"refused: 127.0.0.1 is a loopback address {HINT}")
    ]
    assert any(f"refused: 127.0.0.1 is a loopback address {HINT}" in line for line in lines), lines
    assert web.requests == []
