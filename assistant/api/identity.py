"""Who a request comes from: its address, and its end user when the service can trust who that is.

Limits are counted per end user so that citizens behind one government proxy do not share one bucket. But
an id a client merely states is worth nothing: anyone can send a new ``X-End-User-Id`` with every request
(and escape every limit) or send someone else's (and lock them out). Two sources are trusted:

- **A token this service signed.** ``POST /api/identity`` gives a random id and an expiry, signed with
  HMAC-SHA256 under a server secret; the widget sends it back as ``X-End-User-Token``. A token that does not
  verify, or has expired, is ignored and the request counts by its address.
- **A configured proxy** (``ASSISTANT_TRUSTED_PROXIES``): from its addresses only, ``X-End-User-Id`` names the
  end user and ``X-Forwarded-For`` the client's address (the nearest hop that is not itself a trusted proxy).

Whatever the end user, the address is known too, and limits bound it as well (:mod:`assistant.api.limits`).

>>> signer = TokenSigner(b"0123456789abcdef", lifetime=60)
>>> token, _ = signer.mint(now=1000)
>>> signer.verify(token, now=1030) is not None, signer.verify(token, now=1061), signer.verify(token + "x", now=1030)
(True, None, None)
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import re
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.config import Settings

TOKEN_HEADER = b"x-end-user-token"
PROXY_USER_HEADER = b"x-end-user-id"
FORWARDED_FOR_HEADER = b"x-forwarded-for"
#: id.expiry.signature, each part URL-safe base64 or digits; anything else is not a token of ours.
_TOKEN = re.compile(r"^([A-Za-z0-9_-]{16,32})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$")


@dataclass(frozen=True)
class Caller:
    """Where a request came from, and the key its own limits count under (its end user's, else ``address``).

    ``address`` is the client's IPv4 address, or the /64 network of an IPv6 one: a single subscriber is
    given a whole /64 and may send from any address in it.
    """

    address: str
    key: str


def address_of(address: str) -> str:
    """``address`` as limits count it: IPv4 as it is, IPv6 as its /64 network."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address  # not an IP address (a Unix socket, a test client): counted as it is
    if isinstance(ip, ipaddress.IPv6Address):
        return str(ip.ipv4_mapped or ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class TokenSigner:
    """Mints and verifies end-user tokens: a random id and an expiry under an HMAC-SHA256 signature."""

    def __init__(self, secret: bytes, lifetime: int) -> None:
        self._secret = secret
        self.lifetime = lifetime

    def _signature(self, payload: str) -> str:
        return _b64(hmac.new(self._secret, payload.encode("ascii"), hashlib.sha256).digest())

    def mint(self, now: float | None = None) -> tuple[str, int]:
        """A new token and the Unix time it expires."""
        expires = int(time.time() if now is None else now) + self.lifetime
        payload = f"{secrets.token_urlsafe(16)}.{expires}"
        return f"{payload}.{self._signature(payload)}", expires

    def verify(self, token: str, now: float | None = None) -> str | None:
        """The token's end-user id, or ``None`` for a token that is malformed, forged or expired."""
        match = _TOKEN.match(token)
        if not match:
            return None
        user, expires, signature = match.groups()
        if not hmac.compare_digest(signature, self._signature(f"{user}.{expires}")):
            return None
        return user if int(expires) > (time.time() if now is None else now) else None


class TrustedProxies:
    """The addresses whose forwarding headers are believed."""

    def __init__(self, networks: Iterable[str]) -> None:
        self._networks = [ipaddress.ip_network(n, strict=False) for n in networks]

    def __contains__(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:  # a dual-stack socket's view of IPv4
            ip = ip.ipv4_mapped
        return any(ip in network for network in self._networks)

    def client_address(self, peer: str, forwarded_for: str | None) -> str:
        """The nearest address, from the right of ``X-Forwarded-For``, that is not a trusted proxy.

        Only hops this service trusts appended to the header; the entries to their left came from the
        client and may be anything, so the walk stops at the first untrusted one.
        """
        address = peer
        for hop in reversed((forwarded_for or "").split(",")):
            if address not in self:
                break
            hop = hop.strip()
            if not hop:
                break
            address = hop
        return address


class Identities:
    """Turns a request's peer and headers into a :class:`Caller`; mints tokens for ``POST /api/identity``."""

    def __init__(self, signer: TokenSigner, proxies: TrustedProxies) -> None:
        self.signer = signer
        self.proxies = proxies

    @classmethod
    def from_settings(cls, settings: Settings) -> Identities:
        """The signer and the trusted proxies these settings give (a random key when none is set)."""
        configured = settings.identity_secret
        secret = configured.get_secret_value().encode() if configured else secrets.token_bytes(32)
        return cls(TokenSigner(secret, settings.identity_token_seconds), TrustedProxies(settings.trusted_proxies))

    def identify(self, scope: dict) -> Caller:
        """Who sent the request in ``scope``."""
        headers = _headers(scope, (TOKEN_HEADER, PROXY_USER_HEADER, FORWARDED_FOR_HEADER))
        peer = (scope.get("client") or ("unknown", 0))[0]
        from_proxy = peer in self.proxies
        forwarded = self.proxies.client_address(peer, headers.get(FORWARDED_FOR_HEADER)) if from_proxy else peer
        address = address_of(forwarded)
        user = self.signer.verify(headers[TOKEN_HEADER]) if TOKEN_HEADER in headers else None
        if user:
            return Caller(address, f"token:{user}")
        stated = (headers.get(PROXY_USER_HEADER) or "").strip()
        if from_proxy and stated:
            return Caller(address, "proxy:" + hashlib.sha256(stated[:256].encode()).hexdigest()[:24])
        return Caller(address, f"addr:{address}")


def _headers(scope: dict, names: tuple[bytes, ...]) -> dict[bytes, str]:
    """Each of ``names`` the request carries, repeated fields joined by commas as HTTP defines (latin-1)."""
    found: dict[bytes, list[str]] = {}
    for key, value in scope.get("headers", ()):
        if key in names:
            found.setdefault(key, []).append(value.decode("latin-1"))
    return {key: ",".join(values) for key, values in found.items()}
