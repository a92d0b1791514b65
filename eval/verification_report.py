"""The citation verifier on the labelled set eval/verification/sentences.yaml: how much it keeps and drops.

    .venv/bin/python eval/verification_report.py [--sweep] [--embedding] [--mistakes] [--timing]

Prints the service verifier's scores: supported sentences kept (recall of "supported"), unsupported ones
dropped (overall and by kind) and the precision of its "supported" verdicts. ``--sweep`` tries every
paraphrase budget and generic-word share, with and without the light words, as a Markdown table;
``--embedding`` measures the other signal considered, a sentence-embedding gate (a sentence may spend the
budget only when its cosine to the best sentence of its passage reaches a bar); ``--mistakes`` lists the
sentences it gets wrong; ``--timing`` times one check.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from assistant.config import get_settings
from assistant.evaluation.verification_set import (
    LabelledSentence,
    Scores,
    corpus_chunks,
    load_labelled,
    measure,
    service_verifier,
)
from assistant.ingest.chunking import Chunk
from assistant.text.markers import cite
from assistant.text.sentences import split_sentences

HERE = Path(__file__).resolve().parent
SET = HERE / "verification" / "sentences.yaml"
BUDGETS = (0, 1, 2, 3)
SHARES = (0.0, 0.02, 0.04, 0.08, 0.15)
GATES = (0.5, 0.6, 0.7, 0.8)


def row(label: str, scores: Scores) -> str:
    """One table row of scores."""
    return f"| {label} | {scores.kept:.3f} | {scores.dropped:.3f} | {scores.precision:.3f} |"


def header(first: str) -> list[str]:
    """A table's header, its first column named ``first``."""
    return [f"| {first} | supported kept | unsupported dropped | precision |", "| --- | --- | --- | --- |"]


def sweep(chunks: list[Chunk], sentences: list[LabelledSentence]) -> list[str]:
    """The scores for every budget, generic share and light-word setting."""
    lines = header("budget, generic share, light words")
    for light in (True, False):
        for budget in BUDGETS:
            for share in SHARES if budget else (0.0,):
                options = {"budget": budget, "generic_share": share} | ({} if light else {"light_words": ()})
                scores = measure(service_verifier(chunks, **options), sentences)
                lines.append(row(f"{budget}, {share:.2f}, {'yes' if light else 'no'}", scores))
    return lines


def embedding_gate(chunks: list[Chunk], sentences: list[LabelledSentence]) -> list[str]:
    """Budget words allowed only when the sentence's cosine to its passage's best sentence reaches a bar."""
    from assistant.index.embedding import Embedder

    embedder = Embedder.from_settings(get_settings())
    cosines = []
    for sentence in sentences:
        vectors = embedder.encode([sentence.text, *split_sentences(sentence.evidence)])
        cosines.append(float((vectors[1:] @ vectors[0]).max()))
    strict, lenient = service_verifier(chunks, budget=0), service_verifier(chunks, budget=2, generic_share=0.0)
    lines = header("kept with no budget, or budget 2 (any word) and cosine at least")
    for gate in GATES:
        kept = [strict.check(cite(s.text, 1), {1: s.evidence}).supported
                or (cosine >= gate and lenient.check(cite(s.text, 1), {1: s.evidence}).supported)
                for s, cosine in zip(sentences, cosines, strict=True)]
        supported = [k for k, s in zip(kept, sentences, strict=True) if s.supported]
        injected = [k for k, s in zip(kept, sentences, strict=True) if not s.supported]
        precision = sum(supported) / max(1, sum(supported) + sum(injected))
        lines.append(f"| {gate:.1f} | {np.mean(supported):.3f} | {1 - np.mean(injected):.3f} | {precision:.3f} |")
    return lines


def main() -> None:
    """Print the verifier's scores on the labelled set (and the sweeps asked for)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true", help="every budget and share, as a table")
    parser.add_argument("--embedding", action="store_true", help="measure a sentence-embedding gate too")
    parser.add_argument("--mistakes", action="store_true", help="list the sentences judged wrongly")
    parser.add_argument("--timing", action="store_true", help="time one check")
    args = parser.parse_args()
    chunks, bureaux = corpus_chunks(get_settings())
    sentences = load_labelled(SET, chunks, bureaux)
    verifier = service_verifier(chunks)
    scores = measure(verifier, sentences)
    print(f"{scores.supported} supported and {scores.unsupported} unsupported sentences, {len(chunks)} passages")
    print(f"supported kept {scores.kept:.3f}, unsupported dropped {scores.dropped:.3f}, "
          f"precision of 'supported' {scores.precision:.3f}")
    print("dropped by kind: " + ", ".join(f"{k} {v:.2f}" for k, v in scores.dropped_by_kind.items()))
    if args.mistakes:
        for sentence, problems in scores.mistakes:
            print(f"  {'dropped' if sentence.supported else 'KEPT'} [{sentence.kind}] {sentence.text} {problems}")
    if args.timing:
        started = time.perf_counter()
        measure(verifier, sentences)
        print(f"{(time.perf_counter() - started) / len(sentences) * 1000:.3f} ms per sentence")
    if args.sweep:
        print("\n".join(["", *sweep(chunks, sentences)]))
    if args.embedding:
        print("\n".join(["", *embedding_gate(chunks, sentences)]))


if __name__ == "__main__":
    main()
