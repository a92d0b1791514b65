"""A local stack of replicas for development and tests.

PostgreSQL (:mod:`.postgres`), Redis (:mod:`.redis`), haproxy (:mod:`.haproxy`) and N ``assistant serve``
replicas (:mod:`.stack`), started and stopped by ``assistant cluster up/down`` (:mod:`.command`). Each
program is Debian's, found by :mod:`.processes`.
"""
