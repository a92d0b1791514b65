"""Whether a sentence gives the detail a question asks for: table rows, counts, durations."""

import pytest

from assistant.query.details import gives_detail


@pytest.mark.parametrize(("detail", "sentence", "question", "gives"), [
    # A table row gives an amount under a column whose header names money, with or without a dollar sign.
    ("amount", "Programme: Technology Voucher Programme; Approved Projects: 46; Funds Approved: 5.8", "", True),
    ("amount", "Scheme: Harbour Grant; Cost ($M): 12", "", True),
    ("amount", "Programme: Technology Voucher Programme; Approved Projects: 46", "", False),
    ("amount", "The fund opens in 2026: apply early.", "", False),
    # A count names what the question counts at the start of a word: "today" is not a number of days.
    ("count", "The ITC announced today (February 5) that 12 lines were supported.",
     "How many working days does the ITC take?", False),
    ("count", "Processing takes 20 working days.", "How many working days does the ITC take?", True),
    # "A two-year scheme" says how long, not how many.
    ("count", "A two-year scheme will grant full subsidies to amputees.", "How many amputees will benefit?", False),
    ("count", "About 3,000 amputees will benefit from the 2-year scheme.", "How many amputees will benefit?", True),
])
def test_a_sentence_gives_the_detail_asked_for_or_not(detail, sentence, question, gives):
    assert gives_detail(detail, sentence, question) is gives
