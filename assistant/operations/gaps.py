"""Content gaps: the questions the service could not answer well, grouped so an editor sees what is missing.

>>> gaps = content_gaps(questions, assistant.embedder.encode, assistant.search)    # doctest: +SKIP
>>> gaps[0]["size"], gaps[0]["examples"][:1], gaps[0]["nearest"][0]["section"]    # doctest: +SKIP
(7, ['How do I renew a driving licence?'], 'Chapter 4 > Transport')

The questions (refused ones, and those rated down) are embedded with the service's own embedder and grouped
by cosine similarity: each joins the group whose centre it is nearest, when that is at least ``threshold``,
else starts a new one (deterministic: questions in the order given). Each group, largest first, lists its
size, a few distinct examples, and the passages nearest to its most central question: the part of the
corpus that comes closest, so an editor can see whether a document is missing or a passage is unclear.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from assistant.retrieval import Passage

#: Cosine similarity a question must have to a group's centre to join it.
THRESHOLD = 0.55
#: Examples and nearest passages shown per group; groups listed.
EXAMPLES, NEAREST, GROUPS = 3, 3, 10
#: Questions grouped at most (the latest), so a long period still draws the dashboard in seconds.
MAX_QUESTIONS = 2000


def cluster(vectors: np.ndarray, threshold: float = THRESHOLD) -> list[list[int]]:
    """Rows of ``vectors`` (unit vectors) grouped by nearest centre, largest group first."""
    groups: list[list[int]] = []
    centres: list[np.ndarray] = []
    for row, vector in enumerate(vectors):
        similarities = [float(centre @ vector) / (float(np.linalg.norm(centre)) or 1.0) for centre in centres]
        best = int(np.argmax(similarities)) if similarities else -1
        if best >= 0 and similarities[best] >= threshold:
            groups[best].append(row)
            centres[best] = centres[best] + vector
        else:
            groups.append([row])
            centres.append(vector.copy())
    return sorted(groups, key=lambda group: (-len(group), group[0]))


def content_gaps(questions: Sequence[str], encode: Callable[[list[str]], np.ndarray],
                 search: Callable[[str, int], list[Passage]], threshold: float = THRESHOLD) -> list[dict]:
    """Groups of ``questions``: ``{size, examples, nearest: [{id, section, text, score}]}``, largest first."""
    questions = [q for q in questions if q.strip()][-MAX_QUESTIONS:]
    if not questions:
        return []
    vectors = encode(list(questions))
    gaps = []
    for group in cluster(vectors, threshold)[:GROUPS]:
        centre = vectors[group].sum(axis=0)
        central = questions[max(group, key=lambda row: float(vectors[row] @ centre))]
        examples = list(dict.fromkeys([central, *(questions[row] for row in group)]))[:EXAMPLES]
        nearest = [{"id": p.chunk.id, "section": p.chunk.section_path, "text": p.chunk.text[:240],
                    "score": round(float(p.score), 4)} for p in search(central, NEAREST)]
        gaps.append({"size": len(group), "examples": examples, "nearest": nearest})
    return gaps
