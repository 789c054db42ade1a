"""Which addresses khronika fetches from: public ones only, unless told otherwise.

A URL given to ``ingest``, a feed entry's link, an OPML's feed or a redirect may
name a host that resolves to this machine, the local network or a cloud
metadata service (169.254.169.254). Fetching it would let whoever wrote the
URL (a feed's author, a web API's caller) read what only this machine can
reach. So every connection resolves the host itself (``socket.getaddrinfo``),
refuses when any of its addresses is not public, and connects to the address it
checked: no second lookup a DNS server could answer differently, and every
redirect is a new connection, checked again. ``--allow-private-addresses``
(``Settings.allow_private_addresses``) turns the check off, for a feed on one's
own network or the tests' server on 127.0.0.1.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import urllib.request
from typing import Any

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}


class AddressRefused(OSError):
    """A host whose address is not public; ``str()`` is the one-line reason."""


def refusal(address: IPAddress) -> str | None:
    """Why ``address`` is no public address, or None when it is one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if address in _METADATA:
        return "a cloud metadata address"
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_unspecified:
        return "the unspecified address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_reserved:  # before is_private, which holds 240.0.0.0/4 too
        return "a reserved address"
    if address.is_private:
        return "a private address"
    if not address.is_global:  # 100.64.0.0/10 (carrier-grade NAT), documentation ranges …
        return "a reserved address"
    return None


def resolve_public(host: str, port: int) -> list[tuple[Any, ...]]:
    """getaddrinfo's answers for ``host``; AddressRefused when any is not public
    (a name that resolves to a public and a private address is refused)."""
    answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    for answer in answers:
        address = ipaddress.ip_address(str(answer[4][0]).split("%", 1)[0])
        why = refusal(address)
        if why is not None:
            shown = host if host == str(address) else f"{host} ({address})"
            raise AddressRefused(f"refused: {shown} is {why} (--allow-private-addresses fetches from such addresses)")
    return answers


def _connect_checked(
    address: tuple[str, int], timeout: float | None = None, source_address: tuple[str, int] | None = None
) -> socket.socket:
    """socket.create_connection, to the addresses ``resolve_public`` checked."""
    host, port = address
    last: OSError | None = None
    for family, kind, protocol, _name, target in resolve_public(host, port):
        sock = socket.socket(family, kind, protocol)
        try:
            if timeout is not None:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(target)
            return sock
        except OSError as err:
            sock.close()
            last = err
    raise last or OSError(f"no address for {host}")


class _CheckedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_checked


class _CheckedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_checked


class PublicHTTPHandler(urllib.request.HTTPHandler):
    """http: connections to public addresses only."""

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_CheckedHTTPConnection, req)


class PublicHTTPSHandler(urllib.request.HTTPSHandler):
    """https: connections to public addresses only (TLS still checks the host name)."""

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_CheckedHTTPSConnection, req, context=self._context)  # type: ignore[attr-defined]
