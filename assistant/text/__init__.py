"""Stage 1, text: what every later stage reads text with.

Cleaning (:mod:`.sanitize`), repair of extracted text (:mod:`.repair`), sentences (:mod:`.sentences`),
search tokens (:mod:`.tokens`), checkable facts (:mod:`.facts`: money, years, numbers), citation markers
(:mod:`.markers`) and the shared patterns for names, acronyms and dates (:mod:`.patterns`). Nothing here
imports from another stage but the settings.
"""
