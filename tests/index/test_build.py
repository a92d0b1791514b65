import json
import os
import subprocess
import sys

import numpy as np
import pytest

from assistant.config import Settings
from assistant.index.build import IndexBuilder
from assistant.index.embedding import resolve_model
from assistant.index.loaded import CHUNKS_FILE, PolicyIndex
from assistant.index.store import IndexUnavailable, current_build

MEASURE = "Put up for tender in the market a 10-hectare site at Sandy Ridge"


@pytest.fixture
def private_settings(tmp_path, corpus_copy) -> Settings:
    return Settings(corpus_dir=corpus_copy, index_dir=tmp_path / "index")


def test_build_writes_every_file_and_loads(index):
    assert len(index.chunks) == index.dense.ntotal > 50
    assert index.sentence_vectors.shape[1] == 384
    assert np.allclose(np.linalg.norm(index.sentence_vectors, axis=1), 1.0, atol=1e-4)
    assert set(index.manifest["files"]) >= {"chunks.jsonl", "dense.faiss", "vectors.npy", "sentence_vectors.npy"}
    assert index.manifest["documents"] == {"industry-development-and-reform": "Industry Development and Reform"}


def test_rebuild_only_embeds_what_changed(private_settings, embedder):
    first = IndexBuilder(private_settings, embedder).build()
    assert first.status == "built" and first.embedded == first.chunks

    assert IndexBuilder(private_settings, embedder).build().status == "up-to-date"

    document = private_settings.corpus_dir / "industry-development-and-reform.md"
    document.write_text(document.read_text().replace("10-hectare site", "12-hectare site"))
    changed = IndexBuilder(private_settings, embedder).build()
    assert (changed.status, changed.embedded, changed.reused) == ("built", 1, first.chunks - 1)
    index = PolicyIndex.load(private_settings)
    assert any("12-hectare" in c.text for c in index.chunks)


def test_a_new_model_re_embeds_everything(private_settings, embedder):
    IndexBuilder(private_settings, embedder).build()
    # The same weights under another name: the fingerprint's model differs, so nothing is reused.
    other = private_settings.model_copy(update={"embedding_model": resolve_model("all-MiniLM-L6-v2")})
    report = IndexBuilder(other).build()
    assert report.status == "built" and report.reused == 0


def test_missing_index_is_a_clear_error(private_settings):
    with pytest.raises(IndexUnavailable, match=r"no index .* run `assistant index`"):
        PolicyIndex.load(private_settings)


def test_stale_index_names_what_changed(private_settings, embedder):
    IndexBuilder(private_settings, embedder).build()
    document = private_settings.corpus_dir / "industry-development-and-reform.md"
    document.write_text(document.read_text() + "\n- A new measure. (ITIB)\n")
    with pytest.raises(IndexUnavailable, match=r"stale \(corpus_hash changed"):
        PolicyIndex.load(private_settings)


def test_corrupt_file_is_detected(private_settings, embedder):
    IndexBuilder(private_settings, embedder).build()
    chunks = current_build(private_settings.index_dir) / CHUNKS_FILE
    chunks.write_text(chunks.read_text()[:-50])
    with pytest.raises(IndexUnavailable, match="corrupt"):
        PolicyIndex.load(private_settings)
    # A rebuild ignores the corrupt build and produces a good one.
    assert IndexBuilder(private_settings, embedder).build().status == "built"
    PolicyIndex.load(private_settings)


def test_previous_build_stays_current_until_the_new_one_is_complete(private_settings, embedder, monkeypatch):
    IndexBuilder(private_settings, embedder).build()
    before = current_build(private_settings.index_dir)
    document = private_settings.corpus_dir / "industry-development-and-reform.md"
    document.write_text(document.read_text().replace("10-hectare", "11-hectare"))

    def fail(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("assistant.index.build.LexicalIndex.build", fail)
    with pytest.raises(RuntimeError):
        IndexBuilder(private_settings, embedder).build()
    assert current_build(private_settings.index_dir) == before
    assert not [p for p in (private_settings.index_dir / "builds").iterdir() if p.name.startswith("tmp-")]


def test_cli_reports_a_missing_index_without_a_traceback(tmp_path):
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(tmp_path / "nothing")}
    result = subprocess.run([sys.executable, "-m", "assistant.cli", "ask", "anything"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "run `assistant index`" in result.stderr and "Traceback" not in result.stderr


def test_chunks_file_is_json_lines(index, settings):
    lines = (current_build(settings.index_dir) / CHUNKS_FILE).read_text().splitlines()
    assert len(lines) == len(index.chunks)
    assert json.loads(lines[0])["id"] == index.chunks[0].id


def test_a_file_that_cannot_be_parsed_is_listed_and_the_rest_builds(private_settings, embedder):
    (private_settings.corpus_dir / "scan.pdf").write_bytes(b"%PDF-1.7 not really")
    report = IndexBuilder(private_settings, embedder).build()
    assert report.status == "built" and report.chunks > 50
    assert len(report.skipped) == 1 and "scan.pdf" in report.skipped[0] and "not a readable PDF" in report.skipped[0]
    assert PolicyIndex.load(private_settings).manifest["documents"] == {
        "industry-development-and-reform": "Industry Development and Reform"}


NOTICE = ("# Data Cluster Notice\n\n"
          "- The Data Cluster Scheme opens for applications on 1 March 2026. Applications close a month later. "
          "Enquiries go to the scheme's secretariat.\n"
          "- Applications close a month later.\n")


def _spy(embedder, monkeypatch) -> list[str]:
    """Every text the embedder is given from now on."""
    seen: list[str] = []
    encode = embedder.encode

    def recording(texts, *args, **kwargs):
        seen.extend(texts)
        return encode(texts, *args, **kwargs)

    monkeypatch.setattr(embedder, "encode", recording)
    return seen


def test_a_sentence_is_embedded_once_and_kept_across_builds(private_settings, embedder, monkeypatch):
    """A sentence two passages carry is embedded once; a changed passage's unchanged sentences keep their vectors."""
    notice = private_settings.corpus_dir / "notice.md"
    notice.write_text(NOTICE)
    seen = _spy(embedder, monkeypatch)
    IndexBuilder(private_settings, embedder).build()
    assert seen.count("Applications close a month later.") == 1
    index = PolicyIndex.load(private_settings)
    rows = [index.sentence_rows(row).start + list(chunk.sentences).index("Applications close a month later.")
            for row, chunk in enumerate(index.chunks) if "Applications close a month later." in chunk.sentences]
    assert len(rows) == 2
    # One vector in both rows, and it is that sentence's (bfloat16 batches differ from a lone text in the 3rd digit).
    assert np.array_equal(index.sentence_vectors[rows[0]], index.sentence_vectors[rows[1]])
    assert index.sentence_vectors[rows[0]] @ embedder.encode(["Applications close a month later."])[0] > 0.99

    seen.clear()
    notice.write_text(NOTICE.replace("1 March", "2 March"))
    report = IndexBuilder(private_settings, embedder).build()
    assert (report.embedded, report.sentences_embedded) == (1, 1)
    embedded_sentences = [text for text in seen if not text.startswith("Data Cluster Notice")]
    assert embedded_sentences == ["The Data Cluster Scheme opens for applications on 2 March 2026."]
    index = PolicyIndex.load(private_settings)
    changed = next(row for row, chunk in enumerate(index.chunks) if "2 March" in chunk.text)
    kept = index.sentence_rows(changed).start + 2
    assert index.chunks[changed].sentences[2] == "Enquiries go to the scheme's secretariat."
    assert index.sentence_vectors[kept] @ embedder.encode([index.chunks[changed].sentences[2]])[0] > 0.99
