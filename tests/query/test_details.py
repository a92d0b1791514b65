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
    # The counted noun by its stem, a word before it only whole: "technical staff" are not "Technology" anything.
    ("count", "The Innovation and Technology Commission supported 2 applications.",
     "How many technical staff can a company hire?", False),
    ("count", "Each firm may hire up to 3 technical personnel.", "How many technical staff can a company hire?", True),
    ("count", "Some 120 staff will be hired.", "How many technical staff can a company hire?", True),
    # "A two-year scheme" says how long, not how many.
    ("count", "A two-year scheme will grant full subsidies to amputees.", "How many amputees will benefit?", False),
    ("count", "About 3,000 amputees will benefit from the 2-year scheme.", "How many amputees will benefit?", True),
    # Beyond figures: what to submit, who won, who heads, where; a place the question names is not an answer.
    ("documents", "Applicants submit a project proposal and proof of company registration.", "", True),
    ("documents", "申請人須遞交計劃書及公司註冊證明。", "", True),
    ("documents", "Better utilise the $10 billion scheme to help strategic enterprises.", "", False),
    ("award", "The tender was awarded to a joint venture in March 2026.", "", True),
    ("award", "Put up for tender a 10-hectare site at Sandy Ridge by end-2025.", "", False),
    ("person", "The institute will be chaired by Professor Chan Tai-man.", "", True),
    ("person", "研發院由陳大文教授出任院長。", "", True),
    ("person", "Establish the Hong Kong AI Research and Development Institute in 2026.", "", False),
    ("place", "The AI Police Post will first be tried at Tsim Sha Tsui Police Station.",
     "Which police station will try the AI Police Post first?", True),
    ("place", "Develop an AI Police Post for reporting non-emergency cases.",
     "Which police station will try the AI Police Post first?", False),
    ("place", "Launch the AI Police Post in Hong Kong.", "Which station in Hong Kong gets the AI Police Post?", False),
])
def test_a_sentence_gives_the_detail_asked_for_or_not(detail, sentence, question, gives):
    assert gives_detail(detail, sentence, question) is gives
