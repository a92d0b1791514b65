from assistant.ingest.bureaux import BureauDirectory
from assistant.ingest.corpus import load_corpus
from tests.conftest import CORPUS_DIR

TAGS = ["FSO", "CEDB", "ITIB", "DEVB", "FSTB", "TLB", "HHB", "EEB", "SB", "DoJ", "CSO"]


def test_every_tag_has_a_full_name():
    directory = BureauDirectory.load(CORPUS_DIR / "bureaux.yaml")
    assert sorted(directory.names) == sorted(TAGS)
    assert directory.names["ITIB"] == "Innovation, Technology and Industry Bureau"


def test_every_measure_in_the_corpus_has_recognised_tags():
    directory = BureauDirectory.load(CORPUS_DIR / "bureaux.yaml")
    for doc in load_corpus(CORPUS_DIR):
        for block in doc.blocks:
            if block.kind == "bullet":
                body, codes = directory.split_tag(block.text)
                assert codes, block.text
                assert body and not body.endswith(")")


def test_split_tag_leaves_other_brackets_alone():
    directory = BureauDirectory({"ITIB": "x"})
    assert directory.split_tag("the Hospital Authority (HA)") == ("the Hospital Authority (HA)", ())
    assert directory.split_tag("no tag") == ("no tag", ())
    assert directory.split_tag("x (ITIB and relevant bureaux)") == ("x", ("ITIB",))
