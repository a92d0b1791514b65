"""Running the service, for the people who operate it.

The kill switch, the conversation log and its retention, erasure, analytics, content gaps and the daily
scoring of live answers.

Each module does one job over the shared :class:`~assistant.store.shared.Store`; the API's admin routes and
the ``/admin`` dashboard are thin shells over them.
"""
