"""``assistant schemes`` on the command line, against the test session's index."""

import json

import pytest
import yaml

from assistant.cli import main
from assistant.config import get_settings
from assistant.schemes.curated import CURATED_FILE


@pytest.fixture
def cli(monkeypatch, settings):
    """Run ``assistant`` in this process, with the session's index."""
    def run(*argv, corpus_dir=settings.corpus_dir):
        monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus_dir))
        monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(settings.index_dir))
        get_settings.cache_clear()
        return main(list(argv))

    yield run
    get_settings.cache_clear()


def test_lists_the_catalogue_as_json(cli, capsys):
    assert cli("schemes", "--json") == 0
    body = json.loads(capsys.readouterr().out)
    assert body["count"] == len(body["measures"]) >= 30


def test_lists_one_kind_as_text(cli, capsys):
    assert cli("schemes", "--kind", "sandbox") == 0
    out = capsys.readouterr().out
    assert out.startswith("1 measure\n") and "- AI Sandbox (sandbox, testing and trials)" in out
    assert "Responsible: Financial Services and the Treasury Bureau" in out


def test_ranks_measures_for_a_sector_and_a_need(cli, capsys):
    assert cli("schemes", "--sector", "construction", "--need", "funding") == 0
    out = capsys.readouterr().out
    assert "1. Construction Innovation and Technology Fund (fund)" in out
    assert "Why: It meets your need for funding (fund); it is meant for construction." in out


def test_says_when_nothing_fits(cli, capsys):
    assert cli("schemes", "--sector", "bakery", "--need", "funding", "--json") == 0
    body = json.loads(capsys.readouterr().out)
    assert body["fits"] is False and len(body["nearest"]) == 3


def test_an_unknown_need_lists_the_valid_ones(cli, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli("schemes", "--need", "free lunch")
    assert exit_info.value.code == 2
    assert "unknown need 'free lunch'; valid needs: funding, investment" in capsys.readouterr().err


def test_filters_and_a_profile_do_not_mix(cli, capsys):
    assert cli("schemes", "--kind", "fund", "--sector", "construction") == 2
    assert "--kind and --bureau filter the list" in capsys.readouterr().err


def test_a_bad_curated_quote_stops_the_command_with_its_entry(cli, capsys, corpus_copy):
    path = corpus_copy / CURATED_FILE
    data = yaml.safe_load(path.read_text())
    data["measures"][0]["quote"] = "a quote this document never contained"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    assert cli("schemes", corpus_dir=corpus_copy) == 2
    err = capsys.readouterr().err
    assert "entry 'Preferential policy packages': quote \"a quote this document never contained\"" in err
