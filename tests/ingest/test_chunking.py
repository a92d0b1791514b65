from assistant.ingest.bureaux import BureauDirectory
from assistant.ingest.chunking import Chunk, Chunker
from assistant.ingest.corpus import load_corpus
from assistant.ingest.documents import parse_markdown
from assistant.text.sentences import split_sentences
from tests.conftest import CORPUS_DIR

BUREAUX = BureauDirectory.load(CORPUS_DIR / "bureaux.yaml")


def test_one_chunk_per_measure_with_heading_path_and_bureaux():
    doc = load_corpus(CORPUS_DIR)[0]
    chunks = Chunker(BUREAUX).chunk(doc)
    subsidy = [c for c in chunks if "AI Subsidy Scheme" in c.text]
    assert len(subsidy) == 1
    chunk = subsidy[0]
    assert chunk.bureaux == ("ITIB",)
    assert chunk.section[-1] == "Strengthen advantages in data for AI"
    assert chunk.amounts == (3e9,)
    assert chunk.embedding_text().startswith("Industry Development and Reform > Promote the Development")
    assert "(ITIB)" not in chunk.embedding_text() and chunk.text.endswith("(ITIB)")


def test_long_passages_split_at_sentence_boundaries_and_keep_their_tag():
    text = "First sentence is here. " * 20 + "Last one. (ITIB)"
    doc = parse_markdown("d", f"# T\n- {text}\n")
    chunks = Chunker(BUREAUX, max_chars=120).chunk(doc)
    assert len(chunks) > 1
    for chunk in chunks:
        assert len(" ".join(chunk.sentences)) <= 120
        assert chunk.bureaux == ("ITIB",) and chunk.text.endswith("(ITIB)")
        assert all(s.endswith(".") for s in chunk.sentences)


def test_ids_are_stable_and_change_with_content():
    doc = parse_markdown("d", "# T\n- One measure. (ITIB)\n- Two measure. (TLB)\n")
    first = Chunker(BUREAUX).chunk(doc)
    again = Chunker(BUREAUX).chunk(parse_markdown("d", "# T\n- One measure. (ITIB)\n- Two measure. (TLB)\n"))
    edited = Chunker(BUREAUX).chunk(parse_markdown("d", "# T\n- One measure. (ITIB)\n- Two measures. (TLB)\n"))
    assert [c.id for c in first] == [c.id for c in again]
    assert first[0].id == edited[0].id and first[1].id != edited[1].id


def test_sentence_splitter_keeps_abbreviations_inside():
    assert split_sentences("Land grants, etc. for industries. The HA will act.") == [
        "Land grants, etc. for industries.", "The HA will act."]


def test_chunk_json_round_trip():
    chunk = Chunker(BUREAUX).chunk(load_corpus(CORPUS_DIR)[0])[5]
    assert Chunk.from_json(chunk.to_json()) == chunk
