"""The registry: built-ins in one place, third-party backends through the entry-point group."""

import textwrap

import pytest

from assistant.backends import BackendNotConfigured, UnknownBackend, available_backends, create_backend
from assistant.backends.registry import ENTRY_POINT_GROUP
from assistant.service import Assistant


@pytest.fixture
def plugin(tmp_path, monkeypatch):
    """An installed package (a module and its dist-info) that registers the backend 'parrot'."""
    (tmp_path / "parrot_backend.py").write_text(textwrap.dedent('''
        from assistant.backends import Backend

        class Parrot(Backend):
            name = "parrot"

            def generate(self, request):
                yield "The AI Subsidy Scheme has $3 billion [1]."
    '''))
    info = tmp_path / "parrot_backend-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: parrot-backend\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\nparrot = parrot_backend:Parrot\n"
                                           "extractive = parrot_backend:Parrot\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    return "parrot"


def test_a_plugin_backend_is_found_and_used_once_listed(plugin, assistant):
    assert plugin in available_backends()
    with pytest.raises(BackendNotConfigured, match="'parrot' is not configured"):
        assistant.ask("How much is the AI Subsidy Scheme?", backend=plugin)
    listed = Assistant(assistant.settings.model_copy(update={"backends": [plugin]}), assistant.index,
                       assistant.embedder)
    answer = listed.ask("How much is the AI Subsidy Scheme?", backend=plugin)
    assert answer.backend == "parrot" and answer.answer == "The AI Subsidy Scheme has $3 billion [1]."
    assert answer.citations[0].n == 1


def test_a_plugin_cannot_take_a_built_in_name(plugin, settings):
    assert type(create_backend("extractive", settings)).__name__ == "ExtractiveBackend"


def test_unknown_backend_names_the_configured_ones(settings):
    with pytest.raises(UnknownBackend, match="unknown backend 'nope'; configured on this server: extractive"):
        create_backend("nope", settings)


def test_the_assistant_keeps_one_instance_per_backend(assistant):
    served = Assistant(assistant.settings.model_copy(update={"openai_base_url": "http://127.0.0.1:9/v1"}),
                       assistant.index, assistant.embedder)
    assert served.backend("openai") is served.backend("openai")
    assert served.backend("openai") is not create_backend("openai", served.settings)
