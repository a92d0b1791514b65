"""The kinds of detail a question can ask for, and whether a sentence of the document gives one.

A question that asks "how much" is not answered by a passage about the right scheme that names no amount;
saying "the document does not give an amount" is honest, quoting the passage is not. The kinds are
generic question forms (amount, number, date, percentage, limit, name), never particular questions; how a
question asks for each is in the language tables (:mod:`assistant.query.forms`), how a sentence gives it
is here: the document's own language.

>>> gives_detail("amount", "Continue the $3 billion AI Subsidy Scheme.")
True
>>> gives_detail("amount", "Programme: Technology Voucher Programme; Approved Projects: 46; Funds Approved: 5.8")
True
>>> gives_detail("amount", "政府早前宣布推出30億元的「前沿科技研究支援計劃」。")  # a Chinese document's amount
True
>>> gives_detail("count", "現時有28個氫能試驗項目正在進行或籌備。")
True
>>> gives_detail("count", "28個氫能源試驗項目已在進行或準備中。", "How many hydrogen trial projects 有幾多個氫能項目")
True
>>> gives_detail("date", "現在綜合輪候時間為5.1年，縮短了整整一年。")  # a Chinese document's timeline
True
>>> gives_detail("limit", "將項目總成本最低要求由3億元調低至1.5億元。")
True
>>> gives_detail("name", "It will be run by the Hong Kong Investment Corporation.", "Who runs it?")
True
>>> gives_detail("organisation", "An application by Jean-Marie Pharmacal Company Limited was supported.")
True
>>> gives_detail("organisation", "Jean-Marie Pharmacal Company Limited applied.", "Which bank lends the money?")
False
>>> gives_detail("organisation", "This is the first project supported by the Innovation and Technology Commission.")
False
>>> gives_detail("count", "Applications up to $2.8 million are fast-tracked.", "How many working days does it take?")
False
>>> gives_detail("count", "The scope was expanded from 30 April 2021.", "How many applications were approved?")
False
>>> gives_detail("count", "Applications were allowed for a period of two years.", "How many applications?")
False
>>> gives_detail("count", "Maximum guarantee period: 5 years", "How many years can the guarantee last?")
True
>>> gives_detail("amount", "The total commitment will increase by $10 billion.", "What annual guarantee fee is paid?")
False
>>> gives_detail("count", "(2) of the numbers of applications (a) received;", "How many were approved?")
False
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.text.chinese import chinese_amounts, has_han
from assistant.text.facts import money_amounts, numbers, years
from assistant.text.patterns import BRACKETED_ITEM, MONTHS, NAME, NAME_JOINER, NAME_WORD, NUMBER_WORDS

#: Every kind, in the order they are tried: the first one a question asks for is the one it asks for. Besides
#: figures and names: the documents an application needs, who won a tender or contract, the person who heads a
#: body, which place (a station, a district) a measure goes to first, which company or other organisation, and an
#: email address or phone number.
KINDS = ("email", "phone", "percentage", "limit", "amount", "count", "date", "documents", "award", "person", "place",
         "organisation", "name")
#: How each detail is named in a refusal: "the document does not give {name}".
DETAIL_NAMES = {"amount": "an amount", "count": "a number", "date": "a date or timeline",
                "percentage": "a percentage or rate", "limit": "a limit", "name": "a name",
                "documents": "the documents required", "award": "who was awarded it", "person": "who heads it",
                "place": "a place", "organisation": "the organisation's name", "email": "an email address",
                "phone": "a phone number"}

_I = re.IGNORECASE
_DATE_WORDS = re.compile(rf"\b(?:quarter|half|mid|end|early|within|by)[- ]\d{{4}}\b|\b(?:{MONTHS})\b", _I)
_NUMBER_WORDS = re.compile(NUMBER_WORDS, _I)
_PERCENT = re.compile(r"%|\bper ?cent\b", _I)
_LIMIT = re.compile(r"\b(?:maximum|minimum|up to|at most|at least|no more than|no less than|ceiling|cap(?:ped)?)\b"
                    r"|上限|下限|最高|最低|最多|最少|至少|不少於|不少于|不多於|不多于|不超過|不超过", _I)
_NAME = re.compile(NAME)
# Contact details: a sentence that says "send an email to the secretariat" gives no address to send it to.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\d,.$])(?:\+?852[\s-]?)?\d{4}[\s-]?\d{4}(?![\d,.])")
# The documents an application asks for: forms, proofs, certificates, what to submit.
_DOCUMENTS = re.compile(r"\b(?:submit|supporting documents?|documents? (?:required|needed)|application forms?|"
                        r"proof of|certificates?|documentation)\b|提交|遞交|递交|證明文件|证明文件|表格|所需文件", _I)
# A tender or contract given to someone: who won it.
_AWARD = re.compile(r"\b(?:awarded|won|successful (?:bidder|tenderer)s?|granted to|contractor)\b"
                    r"|中標|中标|得標|得标|投得|批予|判予", _I)
# A person named: by title or honorific, in English or Chinese.
_PERSON = re.compile(r"\b(?:Mr|Ms|Mrs|Miss|Dr|Prof|Professor|Sir|Dame)\.?\s+[A-Z]"
                     r"|[\u4e00-\u9fff]{1,3}(?:先生|女士|教授|博士|醫生|医生)")
# A place: "in Tuen Mun", "at the Sha Tin Police Station", or a Chinese district, station or site.
_PLACE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?(?P<name>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)"
                    r"|[\u4e00-\u9fff]{2,4}(?:區|区|站|署|邨|村|道|街)")
# An organisation named as one: a name ending in the word a company, bank or university is registered under
# ("Jean-Marie Pharmacal Company Limited", "Airport Authority"), or a Chinese one (...有限公司, ...大學).
# A government body ("the Innovation and Technology Commission") does not answer "which company".
_ORGANISATION = re.compile(rf"{NAME_WORD}(?:\s+(?:{NAME_JOINER}\s+)?{NAME_WORD})*?\s+(?:Limited|Ltd|Company|"
                           r"Corporation|Corp|Group|Holdings|Inc|Incorporated|LLC|plc|Bank|University|Authority|"
                           r"Technologies)\b\.?"
                           r"|[\u4e00-\u9fff]{2,}(?:有限公司|集團|集团|銀行|银行|大學|大学)")
# The institutions a question may ask for by kind: how it asks (English or Chinese), how a name of one ends.
_INSTITUTIONS = tuple((re.compile(asks, re.IGNORECASE), re.compile(ends)) for asks, ends in (
    (r"\bbank\b|銀行|银行", r"Bank\b|銀行|银行"), (r"\buniversity\b|大學|大学", r"University\b|大學|大学")))
# A number counting something in Chinese text, where no word boundary sets it off: "28個", "六個".
_HAN_COUNT = re.compile(r"(\d[\d,]*|[一二兩两三四五六七八九十百千]+)(?=[個个項项間间名座部條条隻只架次])")
# A date, period or duration in Chinese text: "5.1年", "三個月", "2026年上半年", "首季".
_HAN_DATE = re.compile(r"(?:\d+(?:\.\d+)?|[一二兩两三四五六七八九十半]+)\s*(?:年|個月|个月|月|星期|週|周|日|天)"
                       r"|上半年|下半年|年初|年底|年中|年內|年内|首季")
#: The kinds a sentence gives by one pattern.
_STATED_BY = {"email": _EMAIL, "phone": _PHONE, "documents": _DOCUMENTS, "award": _AWARD, "person": _PERSON,
              "percentage": _PERCENT, "limit": _LIMIT}
#: The kinds a sentence gives or not whatever the question asks ("count" too, once its counted words are found).
_BY_SENTENCE_ALONE = frozenset({"amount", "date", *_STATED_BY})
# The kinds of payment a question may ask the amount of, each with the words a sentence names it by: an amount
# of another kind does not answer it ("What annual fee?" is not answered by the scheme's $10 billion).
_MONEY_KINDS = tuple(re.compile(rf"\b(?:{words})\b", _I) for words in (
    r"fees?|charges?|levy|levies", r"premiums?", r"rent|rents|rental", r"prices?", r"salary|salaries|wages?",
    r"fines?|penalty|penalties"))
_TIME_UNITS = ("year", "month", "week", "day", "hour")
# A period, "a two-year scheme" (always a period) or "for two years" (unless the question counts years).
_DURATION = re.compile(rf"(?:\b\d+|{NUMBER_WORDS})-(?:{'|'.join(_TIME_UNITS)})s?\b", _I)
_SPELLED_DURATION = re.compile(rf"(?:\b\d+|{NUMBER_WORDS})\s+(?:{'|'.join(_TIME_UNITS)})s?\b", _I)
# A day of a month ("30 April", "April 30") says when, and an item's number ("(2)", "(iv)") which item: not how many.
_NOT_A_COUNT = re.compile(rf"\b\d{{1,2}}\s+(?:{MONTHS})\b|\b(?:{MONTHS})\s+\d{{1,2}}\b|{BRACKETED_ITEM}", _I)
# A table row gives an amount under a column whose header names money ("Funds Approved: 5.8"): tables state
# their unit in a caption or not at all, so the figure carries no dollar sign.
_MONEY_COLUMN = re.compile(r"(?:^|;)\s*[^:;]*\b(?:funds?|funding|amounts?|costs?|grants?|budgets?|expenditure|"
                           r"subsid\w*|allocations?|spending|\$)[^:;]*:\s*\$?\d", _I)
# What an English "how many" question counts: the words after it, up to its verb ("how many new CCTV cameras
# are ..." counts "cctv" and "cameras"); a sentence must hold the stem of one of them.
_HOW_MANY = re.compile(r"\bhow many\s+(.*)", _I)
_VERBS = frozenset(["am", "is", "are", "was", "were", "be", "been", "have", "has", "had", "do", "does", "did",
                    "will", "would", "can", "could", "should", "may", "might", "must", "came", "come", "went", "go",
                    "got", "get", "there"])
_STEM = 5


def counted_words(question: str) -> list[str]:
    """The words a "how many" question counts, lower-cased (``[]`` when it does not ask "how many").

    >>> counted_words("How many new CCTV cameras are going up each year?")
    ['cctv', 'camera']
    """
    match = _HOW_MANY.search(question)
    if not match:
        return []
    words = []
    for word in re.findall(r"[A-Za-z][\w'’-]*", match.group(1))[:4]:
        if word.casefold() in _VERBS:
            break
        words.append(word.casefold().rstrip("'’s") or word.casefold())
    # "How many people came": a count of stakeholders, visitors or participants answers it.
    return [w for w in words if len(w) >= 3 and w not in {"new", "more", "the", "such", "different", "other",
                                                          "people", "persons", "individuals"}]


def gives_detail(detail: str, sentence: str, question: str = "") -> bool:
    """Whether ``sentence`` states the kind of detail asked for."""
    if detail == "amount" and not has_han(sentence):
        kind = _payment_asked(question)
        if kind is not None and not kind.search(sentence):
            return False  # "what fee": the scheme's $10 billion is no fee
    if detail in _BY_SENTENCE_ALONE:
        return _states(detail, sentence)
    if detail == "count":
        # The counted words are English (a Chinese question's are of its English query): a Chinese
        # document's sentence cannot hold them.
        counted = [] if has_han(sentence) else counted_words(question)
        if counted and not _holds_counted(counted, sentence):
            return False  # "how many working days": a number of something else ("today") does not answer it
        if counted and not any(word.startswith(_TIME_UNITS) for word in counted):
            sentence = _SPELLED_DURATION.sub(" ", sentence)  # "for two years" says how long, not how many
        return _states(detail, sentence)
    if detail == "place":
        # A place the question does not already name ("the AI Police Post" is not where it goes).
        asked = question.casefold()
        return any(not m.group("name") or m.group("name").casefold() not in asked for m in _PLACE.finditer(sentence))
    if detail == "organisation":
        # One the question does not already name ("which company does the Hong Kong Science and Technology
        # Parks Corporation work with?"), of the kind it asks for: a company does not answer "which bank".
        asked = question.casefold()
        ending = next((ends for asks, ends in _INSTITUTIONS if asks.search(question)), None)
        return any(m.group(0).casefold() not in asked and (ending is None or ending.search(m.group(0)))
                   for m in _ORGANISATION.finditer(sentence))
    if detail == "name":
        # A name the question does not already contain: the first word of a sentence is not a name.
        asked = question.casefold()
        found = [m.group(0) for m in _NAME.finditer(sentence) if m.start() > 0]
        return any(name.casefold() not in asked for name in found)
    return True


@lru_cache(maxsize=4096)
def _payment_asked(question: str) -> re.Pattern | None:
    """The kind of payment (:data:`_MONEY_KINDS`) a question asks the amount of, if it names one."""
    return next((kind for kind in _MONEY_KINDS if kind.search(question)), None)


def _holds_counted(counted: list[str], sentence: str) -> bool:
    """Whether ``sentence`` names what is counted.

    The last counted word (the noun: "staff" of "technical staff") by its stem, another of them only whole:
    "technical" is not "Technology".

    >>> _holds_counted(["technical", "staff"], "The Innovation and Technology Commission approved 2 projects.")
    False
    >>> _holds_counted(["cctv", "camera"], "About 2 000 CCTV units will be installed.")
    True
    """
    *modifiers, noun = counted
    return bool(re.search(rf"\b{re.escape(noun[:_STEM])}", sentence, _I)
                or any(re.search(rf"\b{re.escape(word)}(?:e?s)?\b", sentence, _I) for word in modifiers))


@lru_cache(maxsize=65536)
def _states(detail: str, sentence: str) -> bool:
    """Whether ``sentence`` states ``detail``, by the sentence alone.

    Kept per sentence: the same passages are weighed for question after question, each sentence for each kind.
    """
    if detail == "amount":
        return bool(money_amounts(sentence) or chinese_amounts(sentence) or _MONEY_COLUMN.search(sentence))
    if detail == "date":
        return bool(years(sentence) or _DATE_WORDS.search(sentence) or _HAN_DATE.search(sentence))
    if detail == "count":
        # "A two-year scheme" says how long, not how many; "from 30 April" when.
        counts = _NOT_A_COUNT.sub(" ", _DURATION.sub(" ", sentence))
        found = numbers(counts) + _HAN_COUNT.findall(counts)
        return any(n not in years(counts) for n in found) or bool(_NUMBER_WORDS.search(counts))
    return bool(_STATED_BY[detail].search(sentence))
