"""Read this table: one interface behind the rules, LLM and hybrid backends.

`TableReader.read(text, chunk, rules_table) -> TableReading` is the seam, as
langextract keeps one `infer` behind its providers. The rules reading of every
table is made first, for the whole document (its tables settle each other's
doubts: `extract.rules.parse_document`); a reader then gives each table its
backend's reading: the rules reading itself, the LLM's (the rules reading
where the LLM failed), or the two merged (`extract.hybrid`). `open_reader`
opens the reader a backend and its endpoint settings call for, starting the
embedded model when asked; the CLI, the evaluation and the benchmarks all
open theirs through it.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator, Optional, Protocol

from ..errors import ExtractorError
from ..models import Backend, Table
from ..segment import Chunk

if TYPE_CHECKING:
    from ..provider.client import InferenceError, Usage
    from ..provider.config import ProviderConfig
    from .llm import LLMExtractor


def _no_usage() -> "Usage":
    # the LLM client (and its settings, pydantic_settings) loads only when an LLM reads: not on a rules run
    from ..provider.client import Usage

    return Usage()


class ReaderError(ExtractorError):
    """A backend that cannot be opened (an LLM backend with no endpoint configured)."""


@dataclass
class TableReading:
    """One table as a backend read it, and what it cost: `table` is None when an LLM could not
    read it (`error` says why); `parts` requests it took, `cached` when all came from the cache,
    `unfound` the LLM's values found nowhere in the source."""

    table: Optional[Table]
    usage: Usage = field(default_factory=_no_usage)
    error: Optional[InferenceError] = None
    parts: int = 1
    cached: bool = False
    unfound: int = 0  # values of the LLM's answer printed nowhere in the source


class TableReader(Protocol):
    backend: Backend
    llm: Optional["LLMExtractor"]  # the LLM behind the reader (it also names the kind of untitled tables)

    def read(self, text: str, chunk: Chunk, rules_table: Table) -> TableReading:
        """The table of `chunk` as this backend reads it; never raises for a bad answer."""
        ...


class RulesReader:
    backend = Backend.rules
    llm = None

    def read(self, text: str, chunk: Chunk, rules_table: Table) -> TableReading:
        return TableReading(rules_table)


class LLMReader:
    """The LLM's reading; where it failed, the rules reading with a warning."""

    backend = Backend.llm

    def __init__(self, llm: "LLMExtractor"):
        self.llm = llm

    def read(self, text: str, chunk: Chunk, rules_table: Table) -> TableReading:
        from .hybrid import merge

        reading = self.llm.read(text, chunk, rules_table)
        if self.backend is Backend.hybrid or reading.table is None:
            reading.table = merge(rules_table, reading)
        return reading


class HybridReader(LLMReader):
    """Both readings, compared field by field and merged (`extract.hybrid.merge`)."""

    backend = Backend.hybrid


def reader_for(backend: Backend, llm: Optional["LLMExtractor"] = None) -> TableReader:
    """The reader of `backend` around an LLM extractor; ReaderError when an LLM backend has none."""
    if backend is Backend.rules:
        return RulesReader()
    if llm is None:
        raise ReaderError(f"the {backend.value} backend needs an LLM endpoint")
    return LLMReader(llm) if backend is Backend.llm else HybridReader(llm)


@contextmanager
def open_reader(backend: Backend, settings: Optional["ProviderConfig"] = None, local: bool = False) -> Iterator[TableReader]:
    """The reader of `backend` for the endpoint `settings` name; with `local`, the embedded model is
    started for the time of the `with` block (`provider.local`) and `settings` fill in around it.
    Raises ReaderError when an LLM backend has no endpoint configured, LocalServerError when the
    embedded model cannot start."""
    if backend is Backend.rules:
        yield RulesReader()
        return
    from .llm import LLMExtractor

    if local:
        from ..provider.config import ProviderConfig
        from ..provider.local import embedded_settings, local_server

        with local_server() as base_url:
            yield reader_for(backend, LLMExtractor.from_config(embedded_settings(settings or ProviderConfig(), base_url)))
        return
    if settings is None or not settings.configured:
        raise ReaderError(f"the {backend.value} backend needs an LLM endpoint: --llm URL --model NAME, "
                          "EXTRACTOR_LLM_BASE_URL/EXTRACTOR_LLM_MODEL, or [llm] in the config file (or --llm local)")
    yield reader_for(backend, LLMExtractor.from_config(settings))
