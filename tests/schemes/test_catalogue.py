"""The scheme catalogue: coverage of the document's measures, facts from the document, checked curation."""

import re

import pytest
import yaml

from assistant.config import Settings
from assistant.index.loaded import BUREAUX_FILE
from assistant.ingest.bureaux import BureauDirectory
from assistant.ingest.chunking import Chunker
from assistant.ingest.corpus import load_corpus
from assistant.ingest.documents import CorpusError
from assistant.schemes.catalogue import assemble, build_catalogue, check_catalogue, validate_catalogue
from assistant.schemes.curated import CURATED_FILE, CatalogueError, CuratedFile, load_curated
from assistant.schemes.model import ANY_SECTOR
from assistant.schemes.vocabulary import KINDS
from assistant.service import index_builder

# Deliberately simpler than the extraction rules: a capitalised name ending in one of these words.
NAMED = re.compile(r"(?:[A-Z][\w'-]*\s+)+(?:Scheme|Fund|Sandbox|Platform)\b")


@pytest.fixture(scope="module")
def catalogue(index, settings):
    return build_catalogue(index, settings.corpus_dir)


def test_every_measure_naming_an_amount_or_a_scheme_fund_sandbox_or_platform_is_catalogued(index, catalogue):
    sources = {m.source.id for m in catalogue}
    names = " | ".join(m.name for m in catalogue)
    covered = 0
    for chunk in index.chunks:
        named = NAMED.findall(chunk.text)
        if chunk.amounts or named or "platform" in chunk.text.lower():
            covered += 1
            assert chunk.id in sources, f"not catalogued: {chunk.text}"
        for name in named:
            assert name.strip() in names, f"no measure named like '{name.strip()}'"
    assert covered >= 9  # the passages this document has: a guard against a regex that finds nothing


def test_measures_a_careful_reader_expects_are_there(catalogue):
    expected = {"ai-subsidy-scheme", "cyberports-ai-supercomputing-centre",
                "construction-innovation-and-technology-fund", "ai-sandbox", "1-plus-mechanism-for-new-drugs",
                "hong-kong-investment-corporation-limited",
                "sandy-ridge-data-facility-cluster-site", "preferential-policy-packages",
                "new-industrialisation-acceleration-scheme", "innovation-and-technology-industry-oriented-fund",
                "frontier-technology-research-support-scheme", "greater-bay-area-clinical-trial-collaboration-platform",
                "gba-real-world-data-platform", "corpid-platform", "flexible-tax-incentive-mechanism",
                "cross-boundary-flow-of-mainland-data-to-the-hetao-hong-kong-park"}
    assert expected <= {m.id for m in catalogue}
    assert len(catalogue) >= 30


def test_no_duplicates(catalogue):
    ids = [m.id for m in catalogue]
    names = [m.name.casefold() for m in catalogue]
    assert len(ids) == len(set(ids)) and len(names) == len(set(names))


def test_every_measure_has_its_verbatim_source_and_full_bureau_names(index, catalogue):
    chunks = {c.id: c for c in index.chunks}
    for measure in catalogue:
        chunk = chunks[measure.source.id]
        assert measure.source.text == chunk.text and measure.source.section == chunk.section_path
        assert [b.code for b in measure.bureaux] == list(chunk.bureaux) and measure.bureaux
        assert all(b.name == index.bureaux.names[b.code] for b in measure.bureaux)
        if measure.audience:
            assert measure.audience in chunk.text, measure.id
        assert all(t == "ongoing" or t in chunk.text for t in measure.timeline), measure.id


def test_amounts_are_numbers_from_the_passage(catalogue):
    amounts = {m.id: m.amount_hkd for m in catalogue if m.amount_hkd is not None}
    assert amounts == {"new-industrialisation-acceleration-scheme": 10e9,
                       "innovation-and-technology-industry-oriented-fund": 10e9,
                       "frontier-technology-research-support-scheme": 3e9, "ai-subsidy-scheme": 3e9}


def test_rules_find_names_amounts_audience_and_timeline(catalogue):
    subsidy = catalogue.get("ai-subsidy-scheme")
    assert subsidy.origin == "rules+curated"
    assert subsidy.audience == "local institutions, R&D centres and enterprises, etc."
    assert subsidy.timeline == ["ongoing"]
    assert catalogue.get("corpid-platform").timeline == ["in end-2026"]
    assert catalogue.get("strategy-of-hydrogen-development-in-hong-kong").timeline == ["ongoing", "by 2027"]


def test_every_measure_is_curated_with_valid_kinds_and_sectors(catalogue):
    labels = set(catalogue.sectors) | {ANY_SECTOR}
    for measure in catalogue:
        assert measure.origin != "rules", f"{measure.name}: found by the rules but not curated in {CURATED_FILE}"
        assert measure.kinds and set(measure.kinds) <= set(KINDS), measure.id
        assert measure.sectors and set(measure.sectors) <= labels, measure.id


def test_the_current_corpus_validates(index, settings):
    assert validate_catalogue(index.chunks, settings.corpus_dir) == []


def _edit_curated(corpus_dir, change):
    path = corpus_dir / CURATED_FILE
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def _entry(data, name):
    return next(e for e in data["measures"] if e["name"] == name)


def test_a_quote_the_document_does_not_contain_fails_naming_the_entry(index, corpus_copy):
    _edit_curated(corpus_copy, lambda d: _entry(d, "AI Subsidy Scheme").update(
        quote="Continue to implement the $30 billion AI Subsidy Scheme"))
    errors = validate_catalogue(index.chunks, corpus_copy)
    assert len(errors) == 1
    assert "entry 'AI Subsidy Scheme'" in errors[0] and "$30 billion" in errors[0]
    assert "is not in the document" in errors[0]
    with pytest.raises(CatalogueError, match="entry 'AI Subsidy Scheme'"):
        check_catalogue(index.chunks, corpus_copy)


class _NoEmbedding:
    """An embedder that fails the test if the build gets as far as embedding."""

    def encode(self, texts, show_progress=False):
        raise AssertionError("the index build embedded passages without checking the scheme catalogue")


def test_assistant_index_refuses_a_bad_curated_quote_before_embedding(tmp_path, corpus_copy):
    _edit_curated(corpus_copy, lambda d: _entry(d, "AI Subsidy Scheme").update(quote="the $30 billion AI Subsidy"))
    settings = Settings(corpus_dir=corpus_copy, index_dir=tmp_path / "index")
    with pytest.raises(CatalogueError, match="entry 'AI Subsidy Scheme': quote \"the \\$30 billion"):
        index_builder(settings, _NoEmbedding()).build()


def test_a_document_change_that_breaks_a_quote_fails_the_check(corpus_copy):
    document = corpus_copy / "industry-development-and-reform.md"
    document.write_text(document.read_text().replace("Expedite the \"1+\" mechanism", "Speed up the \"1+\" mechanism"))
    chunker = Chunker(BureauDirectory.load(corpus_copy / BUREAUX_FILE))
    chunks = [c for doc in load_corpus(corpus_copy) for c in chunker.chunk(doc)]
    with pytest.raises(CorpusError, match=r"entry '\"1\+\" mechanism for new drugs'.*not in the document"):
        check_catalogue(chunks, corpus_copy)


def test_a_new_amount_without_a_measure_is_a_report_line_not_a_failure(corpus_copy):
    document = corpus_copy / "industry-development-and-reform.md"
    document.write_text(document.read_text() + "\n- Launch a $5 million pilot for shops. (ITIB)\n")
    chunker = Chunker(BureauDirectory.load(corpus_copy / BUREAUX_FILE))
    chunks = [c for doc in load_corpus(corpus_copy) for c in chunker.chunk(doc)]
    assert validate_catalogue(chunks, corpus_copy) == []
    notes = check_catalogue(chunks, corpus_copy)
    assert len(notes) == 1 and "$5,000,000" in notes[0] and "industry-development-and-reform" in notes[0]


def test_a_new_document_with_money_builds_with_the_curated_file_in_place(tmp_path, corpus_copy, embedder):
    (corpus_copy / "budget.md").write_text("# Budget Speech\n\n## Support\n\n12. I have earmarked $100 million "
                                           "for a Pilot Manufacturing Scheme and $7 million for shop signs.\n")
    settings = Settings(corpus_dir=corpus_copy, index_dir=tmp_path / "index")
    report = index_builder(settings, embedder).build()
    assert report.status == "built" and report.skipped == ()
    assert any("budget" in line and "$7,000,000" in line for line in report.notes)


@pytest.mark.parametrize(("change", "fragment"), [
    (lambda d: _entry(d, "AI Sandbox").update(quote="Continue to implement the"), "is in 2 passages"),
    (lambda d: _entry(d, "AI Sandbox").update(audience="small banks"), "audience \"small banks\" is not in"),
    (lambda d: _entry(d, "AI Sandbox").update(kinds=["free money"]), "unknown kind 'free money'"),
    (lambda d: _entry(d, "AI Sandbox").update(sectors=["retail"]), "unknown sector 'retail'"),
    (lambda d: _entry(d, "AI Sandbox").update(summary="Opens in 2031."), "summary gives 2031"),
    (lambda d: d["measures"].append(dict(_entry(d, "AI Sandbox"))), "another entry has the same name"),
    (lambda d: _entry(d, "AI Sandbox").pop("quote"), "entry 'AI Sandbox': quote: Field required"),
])
def test_curation_mistakes_are_reported_by_entry(index, corpus_copy, change, fragment):
    _edit_curated(corpus_copy, change)
    errors = validate_catalogue(index.chunks, corpus_copy)
    assert any(fragment in e for e in errors), errors
    assert any("AI Sandbox" in e for e in errors)


def test_unreadable_curated_file_is_a_catalogue_error(corpus_copy):
    (corpus_copy / CURATED_FILE).write_text("measures: [unclosed")
    with pytest.raises(CatalogueError, match="cannot read"):
        load_curated(corpus_copy)


def test_without_a_curated_file_the_rules_alone_make_the_catalogue(index, corpus_copy):
    (corpus_copy / CURATED_FILE).unlink()
    assert validate_catalogue(index.chunks, corpus_copy) == []


def test_a_speech_paragraph_gives_its_measure_by_name_and_a_summary_without_its_number(corpus_copy):
    # A Budget speech dropped in as text: the paragraph's number opens its first sentence, and "the Scheme"
    # later refers back to the one it names.
    (corpus_copy / "budget.txt").write_text("Budget Speech\n\n50. To assist SMEs, I will extend the SME Financing "
                                            "Guarantee Scheme for two years. The total guaranteed commitment under "
                                            "the Scheme will increase further by $10 billion.\n")
    chunker = Chunker(BureauDirectory.load(corpus_copy / BUREAUX_FILE))
    chunks = [c for doc in load_corpus(corpus_copy) for c in chunker.chunk(doc)]
    catalogue, problems = assemble(chunks, BureauDirectory.load(corpus_copy / BUREAUX_FILE), CuratedFile())
    found = [m for m in catalogue.measures if m.source.text.startswith("50.")]
    assert problems == [] and [m.name for m in found] == ["SME Financing Guarantee Scheme"]
    assert found[0].summary == "To assist SMEs, I will extend the SME Financing Guarantee Scheme for two years."
