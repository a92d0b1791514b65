"""The texts the assistant writes come from prompts/: an edited template changes them with no code change."""

from __future__ import annotations

import shutil
import sys

import jinja2
import pytest

from assistant.answer.prompts import PromptLibrary
from assistant.service import Assistant


def test_an_edited_template_changes_the_answer(settings, index, embedder, tmp_path):
    shutil.copytree(settings.prompts_dir, tmp_path / "prompts")
    (tmp_path / "prompts" / "refusal.j2").write_text("Sorry, «{{ title }}» has nothing on that ({{ reason }}).")
    edited = Assistant(settings.model_copy(update={"prompts_dir": tmp_path / "prompts"}), index, embedder)
    answer = edited.ask("Who won the football World Cup in 1966?", backend="extractive")
    assert answer.refused and answer.answer == "Sorry, «Industry Development and Reform» has nothing on that " \
                                               "(not_in_document)."


def test_a_variable_the_code_does_not_pass_fails_loudly(tmp_path):
    (tmp_path / "t.j2").write_text("Hello {{ nobody }}")
    with pytest.raises(jinja2.UndefinedError):
        PromptLibrary(tmp_path).render("t.j2")


def test_local_without_llama_cpp_says_how_to_install_it(settings, index, embedder, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # what `import llama_cpp` meets when it is not installed
    model = tmp_path / "model.gguf"  # a path of its own, so no model loaded earlier in this process is reused
    model.write_bytes(b"")
    # The operator chose local (the default backend) without installing it; a request alone could not.
    assistant = Assistant(settings.model_copy(update={"local_model_path": model, "backend": "local"}), index, embedder)
    answer = assistant.ask("When will the CorpID Platform launch?", backend="local")
    assert answer.degraded and "end-2026" in answer.answer
    assert "pip install -e '.[local]'" in answer.reason


def test_a_chinese_answer_over_many_documents_opens_in_chinese_with_their_count(settings):
    library = PromptLibrary(settings.prompts_dir)
    # The corpus of one document names it; of nine, counts them, as the Chinese refusal does, rather than quoting
    # the English "the 9 published documents" as if it were a title.
    assert library.render("lead.zh.j2", title="Industry Development and Reform", documents=1) == \
        "根據文件《Industry Development and Reform》（引文為文件原文）："
    assert library.render("lead.zh.j2", title="the 9 published documents", documents=9) == \
        "根據已發布的9份文件（引文為文件原文）："
