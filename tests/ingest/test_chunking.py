from assistant.ingest.bureaux import BureauDirectory
from assistant.ingest.chunking import SHORT_PARAGRAPH, Chunk, Chunker
from assistant.ingest.corpus import load_corpus, load_document
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
        # Only the last piece may run over, by a short sentence it keeps (the test below).
        assert len(" ".join(chunk.sentences)) <= 120 + (SHORT_PARAGRAPH if chunk is chunks[-1] else 0)
        assert chunk.bureaux == ("ITIB",) and chunk.text.endswith("(ITIB)")
        assert all(s.endswith(".") for s in chunk.sentences)


def test_a_short_last_sentence_stays_with_the_piece_before_it():
    # The Budget's "47. We plan to launch the ... Scheme (Manufacturing+) ... I have earmarked $100 million for
    # the Scheme": alone, the last sentence no longer says which scheme it funds.
    lead = "We plan to launch the Pilot Manufacturing Scheme this year. " + "It funds smart production lines. " * 8
    doc = parse_markdown("d", f"# T\n\n{lead}I have earmarked $100 million for the Scheme.\n")
    chunks = Chunker(BUREAUX, max_chars=300).chunk(doc)
    assert "$100 million" in chunks[-1].text and "Pilot Manufacturing Scheme" in chunks[-1].text
    long_tail = lead + "A last sentence long enough to stand on its own as a passage. " * 4
    chunks = Chunker(BUREAUX, max_chars=300).chunk(parse_markdown("d", f"# T\n\n{long_tail}\n"))
    assert "Pilot Manufacturing Scheme" not in chunks[-1].text


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


def test_the_items_of_a_list_that_finishes_a_sentence_carry_that_sentence(tmp_path):
    # A scheme page copied as text: the list's items are the ends of "Promotion activities include:".
    path = tmp_path / "fund.txt"
    path.write_text("SME Export Marketing Fund\n\nFunding Scope\n\nPromotion activities include:\n\n"
                    "  • Online trade exhibitions\n  • Business missions outside Hong Kong\n\n"
                    "Relevant measures include:\n\n  • Launch a $5 million pilot for shops to sell online.\n")
    texts = [c.text for c in Chunker(BUREAUX).chunk(load_document(path))]
    assert "Promotion activities include: Online trade exhibitions" in texts
    assert "Promotion activities include: Business missions outside Hong Kong" in texts
    assert "Launch a $5 million pilot for shops to sell online." in texts  # a measure of its own stays as it is
