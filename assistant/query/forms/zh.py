"""How written Chinese and Cantonese ask: read for every question written in Han characters.

Only opinion questions so far ("do you think", "your view", "is it worth it"); the other forms are the next
to add here, each as its English counterpart in :mod:`assistant.query.forms.en` is.

>>> FORMS.opinion.search("你覺得呢個計劃值唔值得?") is not None
True
"""

from __future__ import annotations

import re

from assistant.query.forms.table import QuestionForms

FORMS = QuestionForms(
    language="zh",
    opinion=re.compile(r"你(?:覺得|觉得|認為|认为|點睇|点看|怎麼看|怎么看|嘅意見|的意見|的意见)|值(?:唔|不)值得"),
)
