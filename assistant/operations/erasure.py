"""Erasure on request: every conversation and feedback row of one end user, whichever way the id is given.

>>> end_user_keys("3fJ2kQ")                                                 # doctest: +SKIP
['3fJ2kQ', 'token:3fJ2kQ', 'proxy:5d41402abc4b2a76b9719d91']

An end user is stored under the key the service counted them by: ``token:<id>`` for a signed end-user token
(its random id), ``proxy:<hash>`` for the id a trusted host site stated (``X-End-User-Id``). An admin may
name them by that stored key (as the export shows it), by the token's id, by the whole token, or by the id
the host site uses: each is turned into the keys it could be stored under, and all of them are erased.
"""

from __future__ import annotations

import hashlib
import re

from assistant.store.shared import Store

# A signed end-user token: id.expiry.signature (assistant.api.identity.TokenSigner).
_TOKEN = re.compile(r"^([A-Za-z0-9_-]{8,64})\.\d{1,12}\.[A-Za-z0-9_-]{16,128}$")
_STORED = ("token:", "proxy:")


def end_user_keys(given: str) -> list[str]:
    """The keys ``given`` may be stored under, most specific first, without repeats."""
    given = given.strip()
    keys = [given] if given.startswith(_STORED) else []
    token = _TOKEN.match(given)
    if token:
        keys.append(f"token:{token.group(1)}")
    keys += [f"token:{given}", "proxy:" + hashlib.sha256(given[:256].encode()).hexdigest()[:24]]
    return list(dict.fromkeys(keys))


def erase(store: Store, given: str, actor: str) -> dict[str, int]:
    """Remove every row of the end user ``given`` names; audited as ``erase_end_user`` (with a hash, not the id)."""
    removed = {"conversations": 0, "feedback": 0}
    for key in end_user_keys(given):
        for kind, count in store.erase_end_user(key).items():
            removed[kind] = removed.get(kind, 0) + count
    store.audit("erase_end_user", actor,
                {"end_user_hash": hashlib.sha256(given.encode()).hexdigest()[:16], "removed": removed})
    return removed
