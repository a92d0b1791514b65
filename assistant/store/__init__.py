"""Stored user input: feedback on answers (:mod:`.feedback`), SQLite by default."""
