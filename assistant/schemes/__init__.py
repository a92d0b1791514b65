"""The funding-scheme finder: a catalogue of the support measures in the document, and a matcher.

Modules, each with one job: :mod:`~assistant.schemes.vocabulary` (kinds, needs, sizes),
:mod:`~assistant.schemes.model` (the records), :mod:`~assistant.schemes.rules` (extraction rules),
:mod:`~assistant.schemes.curated` (``corpus/schemes.yaml``), :mod:`~assistant.schemes.catalogue` (build and
check the catalogue).
"""
