"""What the service stores, in one database shared by every replica.

:mod:`.database` (SQLite by default, PostgreSQL for replicas) with the tables of :mod:`.schema` and their
migrations (:mod:`.migrations`); feedback on answers (:mod:`.feedback`) and its local :mod:`.spool`;
:class:`~assistant.store.shared.Store`, feedback plus the conversation log, the audit and shared settings.
"""
