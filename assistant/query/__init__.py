"""Stage 4, query: what the question says, before anything is searched.

:mod:`.privacy` screens personal data, :mod:`.reading` turns a question (and its history) into one
:class:`~assistant.query.reading.Reading` that every later step reads, with the language forms in
:mod:`.forms`; :mod:`.followups` makes a follow-up stand alone, :mod:`.details` says which detail a
sentence gives, :mod:`.premises` holds the figures the document states and :mod:`.encoding` embeds queries
in batches.
"""
