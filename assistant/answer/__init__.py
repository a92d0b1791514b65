"""Stage 6, answer: passages in, a cited answer (or an honest refusal) out.

The flow is a list of named steps over one context (:mod:`.pipeline`, :mod:`.steps`); routes let a feature
answer a question itself (:mod:`.routes`). The draft quotes the document (:mod:`.draft`); a writer
(:mod:`.writers`) returns it or has a backend (:mod:`.backend`, the contract every backend implements) write
from it, through sentence-by-sentence verification (:mod:`.generation`, :mod:`.verification`). Texts come
from ``prompts/`` (:mod:`.prompts`); :mod:`.cache` and :mod:`.breaker` keep answers and failing backends.
"""
