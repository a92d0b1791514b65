"""The fixed words of the scheme finder: kinds of support, the needs an enterprise can name, sizes.

A measure has one or more *kinds* (what it gives: a fund, a sandbox, land ...). An enterprise names *needs*
in its own terms (funding, computing power ...); each need is met by some kinds. Both lists are closed, so
the API can reject a typo with the list of valid words instead of silently matching nothing.

>>> parse_need("Computing_Power").name
'computing power'
>>> sorted(parse_need("money").kinds)
['fund', 'patient capital', 'subsidy']
>>> parse_size("SME")
'small'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Every kind of support a measure can give, with what it means.
KINDS: dict[str, str] = {
    "fund": "a fund that pays for projects or invests in enterprises",
    "subsidy": "money towards a cost, such as computing power or research",
    "patient capital": "long-term equity investment backed by the Government",
    "tax incentive": "tax concessions or a mechanism to offer them",
    "land": "land grants, land premium or sites put up for tender",
    "infrastructure": "facilities an industry can use, such as recycling plants or filling stations",
    "computing power": "access to supercomputing or advanced computing facilities",
    "data access": "access to data, such as cross-boundary or real-world clinical data",
    "sandbox": "a supervised environment to test new technology with the regulator",
    "testing and trials": "help to run trials, pilots, certification or model testing",
    "talent": "training, talent pools or attracting researchers and professionals",
    "research collaboration": "research institutes and help to turn research into products",
    "licensing and regulation": "faster or clearer approval, registration and licensing",
    "market access": "help to reach customers: public buyers, the Mainland or international markets",
    "business services": "government services and advice for enterprises, such as finding support",
}


@dataclass(frozen=True)
class Need:
    """Something an enterprise can ask for, the kinds of support that meet it, and other words for it."""

    name: str
    kinds: frozenset[str]
    aliases: tuple[str, ...] = ()


#: The needs a profile may name, in the order they are offered on a form.
NEEDS: tuple[Need, ...] = (
    Need("funding", frozenset({"fund", "subsidy", "patient capital"}), ("money", "grant", "grants", "subsidy")),
    Need("investment", frozenset({"patient capital", "fund"}), ("equity", "capital", "investor")),
    Need("computing power", frozenset({"computing power"}), ("compute", "computing", "gpu", "supercomputing")),
    Need("tax", frozenset({"tax incentive"}), ("tax incentives", "tax concessions")),
    Need("land", frozenset({"land"}), ("site", "premises")),
    Need("facilities", frozenset({"infrastructure", "computing power"}), ("infrastructure",)),
    Need("talent", frozenset({"talent"}), ("staff", "training", "hiring", "recruitment")),
    Need("data", frozenset({"data access"}), ("data access",)),
    Need("testing in a sandbox", frozenset({"sandbox", "testing and trials"}),
         ("sandbox", "testing", "trials", "pilot")),
    Need("research and development", frozenset({"research collaboration"}), ("r&d", "research")),
    Need("regulatory approval", frozenset({"licensing and regulation"}), ("approval", "licensing", "licence",
                                                                          "license", "regulation")),
    Need("market access", frozenset({"market access"}), ("customers", "markets", "sales")),
    Need("advice", frozenset({"business services"}), ("guidance", "government services")),
)

#: Enterprise sizes a profile may give; each alias maps to one of the first four.
SIZES: dict[str, str] = {"start-up": "start-up", "small": "small", "medium": "medium", "large": "large",
                         "startup": "start-up", "start up": "start-up", "micro": "small", "sme": "small",
                         "mid-sized": "medium", "multinational": "large", "strategic": "large",
                         # Chinese, Traditional and Simplified: 初創 start-up, 中小企 SME, 小型/中型/大型, 跨國.
                         "初創": "start-up", "初创": "start-up", "初創企業": "start-up", "初创企业": "start-up",
                         "中小企": "small", "小型": "small", "細公司": "small", "小公司": "small", "中型": "medium",
                         "大型": "large", "跨國": "large", "跨国": "large"}

_SEPARATORS = re.compile(r"[\s_]+")


class VocabularyError(ValueError):
    """A word outside a fixed vocabulary; the message lists the valid words."""


def normalise(word: str) -> str:
    """Lower case, single spaces, underscores as spaces."""
    return _SEPARATORS.sub(" ", word.strip().lower())


def _need_lookup() -> dict[str, Need]:
    lookup: dict[str, Need] = {}
    for need in NEEDS:
        for word in (need.name, *need.aliases):
            lookup[normalise(word)] = need
    return lookup


_NEEDS_BY_WORD = _need_lookup()


def need_names() -> list[str]:
    """The valid need names, in form order."""
    return [need.name for need in NEEDS]


def parse_need(word: str) -> Need:
    """The need ``word`` names (its name or an alias); :class:`VocabularyError` listing valid needs if none."""
    need = _NEEDS_BY_WORD.get(normalise(word))
    if need is None:
        raise VocabularyError(f"unknown need '{word}'; valid needs: {', '.join(need_names())}")
    return need


def parse_size(word: str) -> str:
    """The size ``word`` names; :class:`VocabularyError` listing valid sizes if none."""
    size = SIZES.get(normalise(word))
    if size is None:
        raise VocabularyError(f"unknown size '{word}'; valid sizes: {', '.join(dict.fromkeys(SIZES.values()))}")
    return size


def parse_kind(word: str) -> str:
    """The kind ``word`` names; :class:`VocabularyError` listing valid kinds if none."""
    kind = normalise(word)
    if kind not in KINDS:
        raise VocabularyError(f"unknown kind '{word}'; valid kinds: {', '.join(KINDS)}")
    return kind
