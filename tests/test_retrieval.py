from assistant.retrieval import Filters, Retriever


def test_hybrid_finds_paraphrased_and_exact_questions(assistant):
    top = assistant.search("money to help companies use supercomputer capacity", k=1)[0]
    assert "AI Subsidy Scheme" in top.chunk.text
    top = assistant.search("CorpID", k=1)[0]
    assert "CorpID" in top.chunk.text


def test_results_carry_scores_sections_and_bureaux(assistant):
    results = assistant.search("hydrogen filling stations", k=5)
    assert len(results) == 5
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)
    assert results[0].chunk.bureaux == ("EEB",)
    assert results[0].chunk.section_path.endswith("Promote the development of new energy industry")


def test_filters_by_bureau_and_section(assistant):
    by_bureau = assistant.search("AI applications", k=10, filters=Filters(bureaux=("devb",)))
    assert by_bureau and all("DEVB" in r.chunk.bureaux for r in by_bureau)
    by_section = assistant.search("AI", k=10, filters=Filters(section="life and health"))
    assert by_section and all("life and health" in r.chunk.section_path for r in by_section)
    assert assistant.search("AI", filters=Filters(bureaux=("NOPE",))) == []


def test_each_mode_ranks_on_its_own(index, embedder, settings):
    retriever = Retriever(index, embedder, settings)
    dense = retriever.search("hydrogen", k=3, mode="dense")
    lexical = retriever.search("hydrogen", k=3, mode="lexical")
    assert all(p.lexical_score is None for p in dense)
    assert all(p.dense_score is None and p.lexical_score > 0 for p in lexical)
    assert retriever.search("zzqx", k=3, mode="lexical") == []
