"""Client addresses behind reverse proxies, trusting ``X-Forwarded-For`` only from listed proxies.

Werkzeug's ProxyFix trusts a fixed number of hops from anyone; a contestant could then forge
their address (and defeat venue restrictions or per-address throttling) simply by sending the
header. Here the header is used only when the direct peer is a configured proxy, and the client
is the right-most address in the chain that is not itself a trusted proxy.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from typing import Any


def parse_networks(values: Iterable[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Networks from CIDR strings (a bare address is a /32 or /128).

    :raises ValueError: for a malformed entry.
    """
    return [ipaddress.ip_network(v.strip(), strict=False) for v in values if v.strip()]


def in_networks(address: str, networks: list) -> bool:
    """Whether ``address`` lies in one of ``networks`` (False for anything unparsable)."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in net for net in networks)


class TrustedProxyMiddleware:
    """WSGI middleware replacing REMOTE_ADDR with the forwarded client address when (and only
    when) the request came through a trusted proxy."""

    def __init__(self, app: Callable[..., Any], trusted: Iterable[str]):
        self.app = app
        self.trusted = parse_networks(trusted)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        peer = environ.get("REMOTE_ADDR", "")
        forwarded = environ.get("HTTP_X_FORWARDED_FOR", "")
        if self.trusted and forwarded and in_networks(peer, self.trusted):
            chain = [a.strip() for a in forwarded.split(",") if a.strip()]
            client = peer
            for address in reversed(chain):
                client = address
                if not in_networks(address, self.trusted):
                    break
            environ["examsvc.proxy_peer"] = peer
            environ["REMOTE_ADDR"] = client
            proto = environ.get("HTTP_X_FORWARDED_PROTO", "")
            if proto in ("http", "https"):
                environ["wsgi.url_scheme"] = proto
        return self.app(environ, start_response)
