"""X-Forwarded-For is believed only from trusted proxies."""

from __future__ import annotations

from examsvc.web.proxy import TrustedProxyMiddleware, in_networks, parse_networks


def run(middleware, remote, forwarded=None, proto=None):
    seen = {}

    def app(environ, start_response):
        seen.update(environ)
        return []

    environ = {"REMOTE_ADDR": remote}
    if forwarded:
        environ["HTTP_X_FORWARDED_FOR"] = forwarded
    if proto:
        environ["HTTP_X_FORWARDED_PROTO"] = proto
    TrustedProxyMiddleware(app, middleware)(environ, lambda *a: None)
    return seen


def test_untrusted_peer_cannot_forge_its_address():
    seen = run(["10.0.0.1/32"], "192.168.5.5", "1.2.3.4")
    assert seen["REMOTE_ADDR"] == "192.168.5.5"


def test_trusted_proxy_gives_the_rightmost_untrusted_address():
    seen = run(["10.0.0.0/24"], "10.0.0.1", "6.6.6.6, 172.16.3.9, 10.0.0.7", "https")
    assert seen["REMOTE_ADDR"] == "172.16.3.9"  # 6.6.6.6 was added by the client itself
    assert seen["wsgi.url_scheme"] == "https"


def test_no_proxies_configured_means_no_forwarding():
    assert run([], "10.0.0.1", "1.2.3.4")["REMOTE_ADDR"] == "10.0.0.1"


def test_networks():
    nets = parse_networks(["192.168.1.0/24", "10.1.1.1"])
    assert in_networks("192.168.1.77", nets) and in_networks("10.1.1.1", nets)
    assert not in_networks("192.168.2.1", nets) and not in_networks("garbage", nets)
