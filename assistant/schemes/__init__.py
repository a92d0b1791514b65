"""The funding-scheme finder: a catalogue of the support measures in the document, a matcher, and a chat route.

Modules, each with one job: :mod:`~assistant.schemes.vocabulary` (kinds, needs, sizes),
:mod:`~assistant.schemes.model` (the records), :mod:`~assistant.schemes.rules` (extraction rules),
:mod:`~assistant.schemes.curated` (``corpus/schemes.yaml``), :mod:`~assistant.schemes.catalogue` (build and
check the catalogue), :mod:`~assistant.schemes.profile` (an enterprise's profile),
:mod:`~assistant.schemes.sectors` (reading a sector), :mod:`~assistant.schemes.matching` (ranking and
reasons), :mod:`~assistant.schemes.finder` (the finder of one index), :mod:`~assistant.schemes.responses`
(what the API and CLI return), :mod:`~assistant.schemes.route` (the route that answers support-seeking chat
questions, plugged into the answer flow by :mod:`assistant.service`). The finder is evaluated by
:mod:`assistant.evaluation.profiles` (precision@3 on ``eval/profiles.yaml``).
"""
