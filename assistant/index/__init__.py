"""Stage 3, index: chunks in, a searchable index on disk and in memory out.

:mod:`.embedding` (the sentence-transformers model), :mod:`.ann` (FAISS: flat, HNSW, IVF-PQ),
:mod:`.lexical` (BM25), :mod:`.store` (the atomic on-disk layout), :mod:`.build` (the builder, which
embeds only what changed) and :mod:`.loaded` (:class:`~assistant.index.loaded.PolicyIndex`, the index a
service serves).
"""
