"""What one language's table of question forms holds (:class:`QuestionForms`).

>>> QuestionForms("xx").opinion.search("Do you think so?") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Matches nothing: the form of a question a language's table does not know yet.
NEVER = re.compile(r"(?!)")


@dataclass(frozen=True)
class QuestionForms:
    """One language's question forms. A form the language does not have (yet) never matches."""

    language: str
    #: Asks for a judgement, a prediction or personal advice.
    opinion: re.Pattern = NEVER
    #: Asks which bureau or department is responsible for what it is about ("who leads it?").
    responsible: re.Pattern = NEVER
    #: Detail kind ("amount", "date", ...) -> how a question asks for it; see assistant.query.details.
    details: dict[str, re.Pattern] = field(default_factory=dict)
    #: Words that point back to an earlier turn: "it", "that", "the scheme".
    reference: re.Pattern = NEVER
    #: An opening that continues the conversation: "and", "what about".
    continuation: re.Pattern = NEVER
    #: Words that ask about some detail of a subject without naming the subject: "how much", "the deadline",
    #: "who runs". A question of nothing but these (and stop words) lacks its subject: "What is the deadline?"
    attribute: re.Pattern = NEVER
    #: A noun phrase a pronoun later in the same question may refer to: "the government ... it".
    antecedent: re.Pattern = NEVER
    #: Referring words that stand for a plural ("they", "their"), which a bare plural may be the antecedent of.
    plural_reference: re.Pattern = NEVER
    #: A bare plural: "Will *companies* get their own digital identity?"
    plural_antecedent: re.Pattern = NEVER
    #: Referring words that may begin a noun phrase of their own: "these new street cameras" names its subject.
    determiner: re.Pattern = NEVER
    #: Asks for support: funding, grants, subsidies, help.
    support: re.Pattern = NEVER
    #: For the asker's own enterprise, or enterprises like it.
    enterprise: re.Pattern = NEVER
    #: The asker's words for its own business; group "a" after "we're a", group "b" after "my" / "our".
    own_business: re.Pattern = NEVER
    #: The nouns that make "my ..." a business ("my logistics start-up", not "my boss").
    business_noun: re.Pattern = NEVER
    #: Where a business phrase ends ("a bakery *that* ...").
    phrase_end: re.Pattern = NEVER
    #: A word that states an enterprise's size: "start-up", "small", "SME".
    size: re.Pattern = NEVER
    #: Names one particular measure ("市場推廣基金"), where names are not capitalised words as in English.
    measure_name: re.Pattern = NEVER
