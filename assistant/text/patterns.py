"""The patterns every stage reads text with, defined once: names, acronyms, months, years and money.

Reading a question (:mod:`assistant.query`), telling whether a sentence names something
(:mod:`assistant.query.details`), carrying an answer's names into a follow-up, checking a generated
sentence's names against its passage (:mod:`assistant.answer.verification`) and finding the measures a
passage names (:mod:`assistant.schemes.rules`) all mean the same thing by "a name"; so they use these
strings, compiled with the flags they need.

>>> import re
>>> [m.group() for m in re.finditer(NAME, "Apply to the Hong Kong Investment Corporation Limited by 2026.")]
['Apply', 'Hong Kong Investment Corporation Limited']
>>> [m.group() for m in re.finditer(MULTI_WORD_NAME, "The Department of Health and CorpID.")]
['The Department of Health and CorpID']
>>> re.findall(ACRONYM, "AI, CorpID and iAM Smart, but not Smart")
['AI', 'CorpID', 'iAM']
"""

from __future__ import annotations

#: A word of a name: a capitalised word ("Hong", "CorpID", "R&D", "Cyberport’s") or a number run into
#: letters ("5G", "3D").
NAME_WORD = r"(?:[A-Z][\w'’-]*|\d+[A-Za-z][\w-]*)"
#: The short words that may join the words of one name: "Department *of* Health", "Science *and*
#: Technology Park", "Centre *for* Health Protection".
NAME_JOINER = r"(?:and|of|for)"
#: A name as a document writes it: one word of a name or several, each perhaps joined to the next by one
#: joining word. The first word of a sentence is capitalised too; callers that care skip position 0.
NAME = rf"\b{NAME_WORD}(?:\s+(?:{NAME_JOINER}\s+)?{NAME_WORD})*"
#: A name of two words or more ("Hong Kong", "Department of Health"): unlike one capitalised word, it
#: cannot be an ordinary word that merely starts a sentence.
MULTI_WORD_NAME = rf"\b{NAME_WORD}(?:\s+(?:{NAME_JOINER}\s+)?{NAME_WORD})+"
#: The words that make a name the name of a support measure: "AI Subsidy *Scheme*", "Capital Investment
#: *Fund*", "Fintech *Sandbox*".
MEASURE_WORDS = frozenset({"Scheme", "Fund", "Sandbox", "Platform", "Centre", "Institute", "Academy"})
#: An acronym, or a word with capitals inside it: "AI", "HKSAR", "CorpID", "iAM", "InnoHK".
ACRONYM = r"\b[A-Za-z]*[A-Z][a-z]*[A-Z]\w*"
#: An item's number in brackets, as lists and questions set them: "(2)", "(b)", "(iv)".
BRACKETED_ITEM = r"\((?:\d{1,3}|[a-z]|[ivx]{1,5})\)"
#: The months, as an alternation to put in a group.
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
#: A year from 1900 to 2099, not part of a longer number.
YEAR = r"(?<!\d)(?:19|20)\d{2}(?!\d)"
#: A dollar amount: its digits (group 1) and its scale word (group 2), if any. Compile with re.IGNORECASE.
MONEY = r"(?:HK|RMB|US)?\$\s?(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|trillion)?\b"
#: A number as written, with thousands separators (commas or spaces) and decimals.
NUMBER = r"(?<![\w.])\d[\d,]*(?:\s\d{3})*(?:\.\d+)?(?![\w])"
#: Number words a sentence may give a count with.
NUMBER_WORDS = (r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
                r"fifty|hundreds?|thousands?|dozens?|millions?|billions?)\b")
