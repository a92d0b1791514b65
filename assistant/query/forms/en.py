"""How English asks: the question forms the reader applies to every question.

>>> FORMS.details["amount"].search("How much is the AI Subsidy Scheme worth?") is not None
True
>>> FORMS.opinion.search("Is the scheme a waste of money?") is not None
True
"""

from __future__ import annotations

import re

from assistant.query.forms.table import QuestionForms

_I = re.IGNORECASE

# Opinions, predictions and personal advice: the document states measures, it does not judge them or
# advise anyone. Asking what support exists "for my company" is not advice and is not matched here.
_OPINION = re.compile(
    r"\b(?:do|did) you (?:think|believe|feel|agree|like|support|prefer)\b|\byour (?:own )?(?:opinion|view|views|"
    r"take|thoughts|position)\b|\bin your (?:view|opinion)\b|\bwhat do you (?:think|feel|make of)\b"
    r"|\b(?:is|are|was|were) (?:it|this|that|they|the [\w -]+?) (?:a )?(?:good|bad|wise|fair|worth it|worthwhile|"
    r"a waste|a mistake|a success|a failure)\b|\bshould (?:i|we) (?:invest|buy|sell|vote|support|oppose|trust)\b"
    r"|\bwho (?:should i|to) vote\b|\bwill (?:it|this|the [\w -]+?) (?:succeed|fail|work(?! on\b))\b|\bpredict\b"
    r"|\b(?:better|worse) than\b|\b(?:stock|share) price\b"
    r"|\bhow would you (?:rate|grade|score|judge|rank)\b|\bon a scale of\b"
    r"|\b(?:rate|score|grade) (?:it|this|that|them)\b", _I)

# Who is responsible for a measure: "which bureau is behind it?", "who leads it?", "who's in charge?". Not who
# benefits from it ("who can apply").
_RESPONSIBLE = re.compile(
    r"\bwho(?:'s| is| will be| would be)? (?:leads|runs|oversees|manages|coordinates|takes the lead|responsible|"
    r"in charge|behind|leading|running|pushing|handling|overseeing)\b"
    r"|\bwho (?:will|would|is to|is going to) (?:lead|run|oversee|manage|coordinate|take charge)\b"
    r"|\bwhich (?:policy )?(?:bureau|department)\b|\b(?:bureau|department) (?:is )?(?:behind|responsible|in charge)\b",
    _I)

# Order matters: the first kind whose pattern matches is the one asked for (assistant.query.details.KINDS).
_DETAILS = {
    # A percentage before a noun names something ("the 90% guarantee loan"); one the question compares with
    # ("exceed 20%?", "50 per cent or less") asks for the figure.
    "percentage": re.compile(r"\bwhat (?:percentage|proportion|share|ratio)\b"
                             r"|(?:\bper ?cent\b|%)(?!\s*(?!(?:or|and|of|in|for|to)\b)[A-Za-z])"
                             r"|\bwhat (?:\w+ ){0,2}rate\b", _I),
    "limit": re.compile(r"\b(?:maximum|minimum|ceiling|cap(?:ped)?|upper limit|at most|at least)\b", _I),
    # "What will the Government spend on it?" asks an amount; "Could I spend my allowance on it?" whether it may.
    "amount": re.compile(r"\bhow much\b|\bbudget\b|\bcost\b|\bamount\b|\bworth\b|\bfunding size\b|\bspending\b"
                         r"|\b(?:will|would|plans? to|going to) (?:\w+ ){0,3}spend\b"
                         r"|\ballocat|\bwhat (?:is|was|are|were) the total (?!number\b)"
                         r"|\bwhat (?:\w+ ){0,3}(?:fees?|charges?|levy|premiums?|rent|salary|wages?)\b", _I),
    "count": re.compile(r"\bhow many\b|\bnumber of\b|\bhow (?:large|big)\b|\bwhat size\b", _I),
    "date": re.compile(r"^\W*when\b|[,;]\s*when\b|\bwhen (?:will|is|does|did|do|are|was|were|can|should|would|must)\b"
                       r"|\bwhat (?:year|date|month)\b|\bwhich year\b|\bdeadline\b|\btime ?(?:line|frame|table)\b"
                       r"|\bhow soon\b|\bby when\b", _I),
    "documents": re.compile(r"\b(?:what|which) (?:supporting )?documents\b|\bdocuments? (?:do|does|must|should) "
                            r"(?:i|we|you|they|applicants?) (?:need|submit|provide)\b", _I),
    "award": re.compile(r"\bwho (?:won|was awarded|has been awarded)\b|\b(?:won|awarded) the (?:tender|bid|contract)\b",
                        _I),
    "person": re.compile(r"\bwho (?:heads|chairs|directs)\b|\bwho is the (?:head|chair|chairman|chairperson|director|"
                         r"president|chief executive)\b", _I),
    "place": re.compile(r"\bwhich (?:police station|station|hospital|school|venue)s?\b", _I),
    "email": re.compile(r"\be-?mail address(?:es)?\b", _I),
    "phone": re.compile(r"\b(?:phone|telephone|hotline|fax) numbers?\b"
                        r"|\bwhat (?:phone |telephone )?number (?:can|should|do|to) (?:i |we |you )?"
                        r"(?:call|ring|dial)\b", _I),
    # One organisation by name: singular, since "which companies qualify" asks for a kind of company.
    "organisation": re.compile(r"\b(?:which|what) (?!(?:kinds?|types?|sorts?|size|category) of\b)(?:\w+ ){0,2}?"
                               r"(?:company|firm|enterprise|supplier|operator|contractor|developer|bank|university|"
                               r"organi[sz]ation)\b(?!\s+(?:can|could|may|should|is eligible|qualif)\w*\b)"
                               r"|\bname of the (?:\w+ ){0,2}?(?:company|firm|supplier|operator|contractor|developer|"
                               r"organi[sz]ation)\b", _I),
    "name": re.compile(r"\bwhat is the name\b|\bname of\b|\bwhat is (?:it|that|the \w+) called\b|\bcalled what\b", _I),
}

# Words that point back to an earlier turn. Uses that point nowhere are left out: "is there" (existential),
# "that" joining a clause ("companies that export"), "this year", "those who", "it" standing for a clause
# ("is it possible to", "how much does it cost to") or the weather ("is it going to rain").
_GENERIC = (r"(?:scheme|fund|project|programme|program|platform|measure|plan|site|initiative|centre|institute|system|"
            r"facility|service)")
_REFERENCE = re.compile(
    r"\b(?:its|it's|they|them|their|he|she|him|his|her|these|the same)\b"
    r"|\bit\b(?!(?:'s|\s+is|\s+was)?\s+(?:possible|true|necessary|easy|difficult|hard|required|mandatory|free|legal)"
    r"\s+(?:to|that|for)\b)(?!\s+(?:cost|take)s?\s+to\b)"
    r"(?!(?:'s|\s+is|\s+will)?(?:\s+going\s+to)?\s+(?:be\s+)?(?:rain|snow|hot|cold|sunny|windy|cloudy)\w*\b)"
    r"|\bthis\b(?!\s+(?:year|month|week|term|decade|century|quarter|weekend|financial year|time)\b)"
    r"|\bthose\b(?!\s+who\b)"
    r"|(?:^|(?<=\bis )|(?<=\bwas )|(?<=\bare )|(?<=\bwere )|(?<=\bdoes )|(?<=\bdo )|(?<=\bdid )|"
    r"(?<=\babout )|(?<=\bof )|(?<=\bfor )|(?<=\bwith )|(?<=\bon )|(?<=\bin )|(?<=\bfrom )|"
    r"(?<=\bto )|(?<=\bby )|(?<=\bat )|(?<=\bafter )|(?<=\bbefore )|(?<=\bthan )|(?<=\blike ))that\b"
    r"|\bthat\b(?=\s*(?:[?.!,;]|$))|\bthat\s+" + _GENERIC + r"\b"
    r"|(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )(?<!\bbe )(?<!\bwill )"
    r"\bthere\b(?!'s|\s+(?:is|are|was|were|will|would|be|been|any|exists?|has|have)\b)"
    r"|\bthe " + _GENERIC + r"\b(?!\s+(?:for|of|on|to|that|which|called|named|in)\b)", _I)
_CONTINUATION = re.compile(r"^\W*(and|also|so|ok|okay|then|what about|how about|what else|anything else)\b", _I)
# What a question may ask about a subject without naming it (and the words for who asks): a question made only of
# these lacks its subject.
_ATTRIBUTE = re.compile(
    r"\b(?:how|much|many|budget|costs?|price|amount|funding|money|worth|spend(?:ing)?|deadlines?|dates?|years?|"
    r"months?|timeline|time ?frame|time ?table|schedule|launch(?:es|ed|ing)?|start(?:s|ed|ing)?|open(?:s|ed|ing)?|"
    r"begin(?:s|ning)?|ends?|finish(?:es|ed)?|complet(?:e|ed|ion)|ready|size|big|large|long|total|altogether|overall|"
    r"numbers?|maximum|minimum|limits?|cap|ceiling|rates?|percentage|proportion|share|name|called|"
    r"eligib(?:le|ility)|apply|applying|applications?|criteria|requirements?|conditions?|qualify|located|location|"
    r"place|responsible|charge|run(?:s|ning)?|manag(?:e|es|ed|ing)|oversees?|bureau[xs]?|department|office|"
    r"details?|more|else|exactly|target|goal|aim|purpose|status|progress|next|after|before|later|yet|now|still|"
    r"again|also|ok|okay|please|tell|me|us|explain|mean|set up|happen(?:s|ing)?|expected|planned|supposed|going|"
    r"gets?|gives?|offer(?:s|ed)?|cover(?:s|ed)?|includ(?:e|es|ed)|work(?:s)?|involves?|need(?:s|ed)?|takes?|"
    r"comes?|there|first|last|one|put|into|operation|i|we|my|our|your|s)\b", _I)
_ANTECEDENT = re.compile(r"\b(?:the|a|an)\s+[\w-]+(?:\s+[\w-]+)?", _I)
_PLURAL_REFERENCE = re.compile(r"they|them|their|these|those", _I)
_PLURAL_ANTECEDENT = re.compile(r"\b[a-z][\w-]{2,}s\b", _I)
_DETERMINER = re.compile(r"this|these|those|that", _I)

_SUPPORT = re.compile(r"\b(?:fund(?:s|ing)?|grants?|subsid(?:y|ies|ise|ize|ised|ized)|money|financ(?:e|ing)|"
                      r"incentives?|sweeteners?|support|help|schemes?|tax (?:breaks?|concessions?)|loans?|"
                      r"investors?|investment|sandbox|computing power)\b", _I)
_BUSINESS = (r"(?:company|companies|business(?:es)?|firms?|start-?ups?|SMEs?|enterprises?|factory|factories|"
             r"lab|shop|team|practice|venture|manufacturer|contractor)")
_ENTERPRISE = re.compile(
    rf"\b(?:my|our)\s+(?:\w+[\s-]+){{0,3}}?{_BUSINESS}\b"       # my logistics start-up, our small firm
    rf"|\b(?:we(?:'re| are)|i(?:'m| am)|i run|i own|we run)\s+(?:a|an)\b"  # we're a ..., I run a ...
    rf"|\b(?:like (?:mine|ours))\b"
    rf"|\bfor\s+(?:\w+[\s-]+){{0,2}}?(?:companies|businesses|firms|start-?ups|SMEs|enterprises)\b", _I)
# "We run a hair salon", "our logistics start-up ...": the words naming the asker's own business.
_OWN_BUSINESS = re.compile(r"\b(?:we(?:'re| are| run)|i(?:'m| am| run| own))\s+(?:a|an)\s+"
                           r"(?P<a>[\w-]+(?:\s+[\w-]+){0,2})|\b(?:my|our)\s+(?P<b>[\w-]+(?:\s+[\w-]+){0,2})", _I)
_PHRASE_END = re.compile(r"\s+(?:and|that|who|which|is|are|has|have|was|were|to|for|in|on|with|get|could|can)\b.*",
                         _I)
_SIZE = re.compile(r"\b(start-?ups?|small|medium|mid-sized|SMEs?|multinational|large)\b", _I)

FORMS = QuestionForms(
    language="en", opinion=_OPINION, responsible=_RESPONSIBLE, details=_DETAILS, reference=_REFERENCE,
    continuation=_CONTINUATION,
    attribute=_ATTRIBUTE, antecedent=_ANTECEDENT, plural_reference=_PLURAL_REFERENCE,
    plural_antecedent=_PLURAL_ANTECEDENT, determiner=_DETERMINER,
    support=_SUPPORT, enterprise=_ENTERPRISE, own_business=_OWN_BUSINESS,
    business_noun=re.compile(rf"\b{_BUSINESS}\b", _I), phrase_end=_PHRASE_END, size=_SIZE)
