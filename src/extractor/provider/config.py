"""Where the LLM is and how to talk to it.

Settings come from CLI flags, then `EXTRACTOR_LLM_*` environment variables,
then the `[llm]` table of one config file (first found wins, in that order).
The config file is one the user named: `--config FILE`, else `$EXTRACTOR_CONFIG`,
else `extract.toml` in the user's config folder (`configfile.find_config`). A file in the
working directory is never read unless named, since whoever wrote it would
choose the endpoint that receives the key and every table.

The API key itself is only ever read from the environment variable named by
`api_key_env`, so that no config file, cache or cassette holds it. Any name is
accepted: every config file read is the user's own, and a suffix rule
(`*_KEY`, `*_TOKEN`) would not protect anything, since the secrets worth
stealing (AWS_SECRET_ACCESS_KEY, GITHUB_TOKEN) match it.
"""

from __future__ import annotations

import base64
import ipaddress
import os
import re
from contextvars import ContextVar
from enum import Enum
from pathlib import Path
from typing import Optional
from urllib.parse import unquote, urlparse

from pydantic import Field
from pydantic_settings import BaseSettings, PyprojectTomlConfigSettingsSource, SettingsConfigDict

from .configfile import LLM_ENV_PREFIX, find_config
from .redact import remember
from ..lazyre import LazyPattern

_config_file: ContextVar[Path | None] = ContextVar("config_file", default=None)


class RequestMode(str, Enum):
    """How the schema is put to the endpoint (instructor's core modes)."""

    auto = "auto"
    tools = "tools"  # function/tool calling
    json_schema = "json_schema"  # response_format with the JSON schema (grammar-constrained on llama.cpp)
    json = "json"  # response_format json_object, the schema in the prompt (DeepSeek's thinking mode takes no forced tool call)
    md_json = "md_json"  # schema in the prompt, JSON in a Markdown block: works everywhere


class TokenLimit(str, Enum):
    """The request field that carries the output budget."""

    auto = "auto"
    max_tokens = "max_tokens"
    max_completion_tokens = "max_completion_tokens"  # OpenAI's reasoning models refuse max_tokens


# Hosted APIs known to support tool calling. Anything on a local or private
# host is taken for llama.cpp / vLLM / Ollama, which constrain output to a JSON
# schema; an unknown public host gets the mode every endpoint understands.
_TOOL_HOSTS = ("api.openai.com", "api.deepseek.com", "dashscope.aliyuncs.com", "dashscope-intl.aliyuncs.com",
               "openai.azure.com", "api.moonshot.cn", "open.bigmodel.cn")


# Models that think before answering: DeepSeek's reasoner rejects a forced tool call (HTTP 400), and
# OpenAI's o-series and GPT-5 take their output budget as max_completion_tokens only.
_THINKING = LazyPattern(r"reason|thinking|(^|[-/_])r1($|[-_:])", re.IGNORECASE)
_OPENAI_REASONING = LazyPattern(r"^(o\d|gpt-5)", re.IGNORECASE)


def _on(host: str, *hosts: str) -> bool:
    return any(host == h or host.endswith("." + h) for h in hosts)


def auto_mode(base_url: str, model: str | None = None) -> RequestMode:
    """The request mode an endpoint takes, chosen up front rather than after a failed request: tools on
    known hosted APIs (a thinking model: json), a JSON schema on local and private hosts, else md_json."""
    host = (urlparse(base_url).hostname or "").lower()
    if _on(host, *_TOOL_HOSTS):
        return RequestMode.json if model and _THINKING.search(model) else RequestMode.tools
    if host in ("localhost", "0.0.0.0") or _private_address(host) or "." not in host:
        return RequestMode.json_schema
    return RequestMode.md_json


def _private_address(host: str) -> bool:
    """Whether `host` is a loopback, private-range (10/8, 172.16/12, 192.168/16, fc00::/7) or link-local address."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local


def url_secrets(url: str | None) -> tuple[str, ...]:
    """The secrets a URL's credentials put on the wire: its password and the HTTP Basic token
    (`https://user:pass@host` is sent as `Authorization: Basic base64(user:pass)`)."""
    parts = urlparse(url or "")
    if parts.username is None:
        return ()
    token = base64.b64encode(f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()).decode()
    return tuple(s for s in (parts.password and unquote(parts.password), token) if s)


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "extractor" / "llm"


class _ConfigFileSource(PyprojectTomlConfigSettingsSource):
    """The `[llm]` table of `path`; no path or a missing file reads as empty (without a path the
    base class would look for ./pyproject.toml: a working-directory file nobody named)."""

    def __init__(self, settings_cls: type[BaseSettings], path: Path | None):
        self._named = path is not None
        super().__init__(settings_cls, path)

    def _read_files(self, files, deep_merge: bool = False) -> dict:
        return super()._read_files(files, deep_merge) if self._named else {}


class ProviderConfig(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=LLM_ENV_PREFIX, extra="ignore", pyproject_toml_table_header=("llm",))

    base_url: Optional[str] = Field(None, description="OpenAI-compatible endpoint, e.g. https://api.deepseek.com/v1")
    model: Optional[str] = Field(None, description="Model name the endpoint expects")
    api_key_env: str = Field("EXTRACTOR_LLM_API_KEY", description="Name of the environment variable holding the key")
    mode: RequestMode = RequestMode.auto
    timeout: float = Field(120.0, gt=0, description="Seconds per HTTP request")
    concurrency: int = Field(4, ge=1, le=64, description="Requests in flight at once")
    max_retries: int = Field(3, ge=0, le=10, description="Retries of one request on 429/5xx/timeouts")
    backoff: float = Field(1.0, gt=0, description="Base seconds of the exponential backoff between retries")
    max_reasks: int = Field(1, ge=0, le=5, description="Re-asks when the answer fails the schema")
    max_tokens: int = Field(2048, ge=64, description="Output token budget of a first attempt")
    max_tokens_cap: int = Field(8192, ge=64, description="Largest budget a truncated answer is retried with")
    token_limit: TokenLimit = Field(TokenLimit.auto, description="Request field of the output budget (auto: by model)")
    max_tokens_per_doc: Optional[int] = Field(None, ge=1, description="Tokens (in and out) one document may spend; "
                                              "its remaining tables keep the rules reading")
    max_chunk_chars: int = Field(3000, ge=200, description="Longer tables are split on row boundaries")
    temperature: float = 0.0
    cache_dir: Optional[Path] = Field(None, description="Response cache folder (default ~/.cache/extractor/llm)")
    cache: bool = Field(True, description="Reuse answers to identical requests")
    endpoint_id: Optional[str] = Field(None, description="Identity of the endpoint in cache keys (default: base_url)")

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings, file_secret_settings):
        return init_settings, env_settings, _ConfigFileSource(settings_cls, _config_file.get())

    @property
    def configured(self) -> bool:
        return bool(self.base_url and self.model)

    @property
    def resolved_mode(self) -> RequestMode:
        if self.mode is not RequestMode.auto or not self.base_url:
            return self.mode
        return auto_mode(self.base_url, self.model)

    @property
    def resolved_token_limit(self) -> TokenLimit:
        if self.token_limit is not TokenLimit.auto:
            return self.token_limit
        host = (urlparse(self.base_url or "").hostname or "").lower()
        reasoning = _on(host, "api.openai.com", "openai.azure.com") and _OPENAI_REASONING.search(self.model or "")
        return TokenLimit.max_completion_tokens if reasoning else TokenLimit.max_tokens

    @property
    def api_key(self) -> str:
        # Local servers take any key; the openai client insists on one.
        key = os.environ.get(self.api_key_env, "") or "no-key"
        # whatever reads the key is about to send it: from now on no message may show it
        remember(key, *url_secrets(self.base_url))
        return key

    @property
    def resolved_cache_dir(self) -> Path:
        return self.cache_dir or default_cache_dir()


def load_config(config_file: Path | None = None, **flags) -> ProviderConfig:
    """Settings with CLI flags (None = not given) over environment over the config file:
    `config_file` if given (a missing one reads as empty), else the one `find_config` finds.

    Raises pydantic.ValidationError for bad values and tomllib.TOMLDecodeError for a malformed file."""
    token = _config_file.set(find_config(config_file)[0])
    try:
        return ProviderConfig(**{k: v for k, v in flags.items() if v is not None})
    finally:
        _config_file.reset(token)
