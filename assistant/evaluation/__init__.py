"""Stage 9, evaluation: golden suites, deterministic metrics, an optional LLM judge, and reports.

:mod:`.suite` (cases), :mod:`.runner` (run and grade them), :mod:`.grading`, :mod:`.metrics`,
:mod:`.citations`, :mod:`.judge`, :mod:`.thresholds` (gates), :mod:`.compare` (against a baseline),
:mod:`.report`, :mod:`.table`, :mod:`.html`; :mod:`.calibration` (the refusal threshold), :mod:`.beir`,
:mod:`.verification_set` (the verifier on labelled sentences), :mod:`.profiles` (the scheme finder).
"""
