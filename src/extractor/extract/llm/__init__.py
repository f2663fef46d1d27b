"""The `llm` backend: one request per table chunk, with that kind's schema.

The table is sent as its grid (anchor.py): one line per row, each cell
labelled with its reference (`R12C3:688.130000`), and the model answers
numbers, codes and indicator values by reference, so that it never retypes
them and they are grounded exactly. A table longer than `max_chunk_chars` is
sent in parts, split on row boundaries with the head rows (title, unit line,
column headers) repeated and the rows numbered over the whole chunk, and the
parts' answers are merged; a part whose answer is still truncated at the
largest token budget is halved again, unless the answer was looping
(`runaway`): the halves would loop too. A reference to a cell (or a row) the
part does not show is a validation error the model is re-asked for. A list's
items may be answered by their rows and the list's column map; each part's
answer is written out (`schemas.expand`) before the parts are merged. The
answer is aligned to the source and normalised (`build`).

Each kind has its prompt (`prompts/<kind>.md`, a worked example in the same
gridded form whose output fits that kind's schema: tests/test_llm_schemas.py);
a line kind without one (三公经费, 收入预算总表, 政府采购) is asked with the
unclassified table's. Where the endpoint turns the schema into a grammar
(json_schema mode), the prompt lists the schema's fields with their
descriptions, which the model would not see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from string import Template

from pydantic import BaseModel

from ...lazyre import LazyPattern
from ...models import ColumnKind, LineTable, Reason, Table, TableKind
from ...provider.client import FailureKind, InferenceError, Provider, Usage
from ...provider.config import ProviderConfig, RequestMode
from ...segment import Chunk
from ...walk import iter_table
from ..reader import TableReading
from ..common import unit_of
from .anchor import Part, parts, sheet
from .build import Columns, build_table
from .schemas import (
    DepartmentAnswer, KindAnswer, ProjectAnswer, SelfEvaluationAnswer, expand, field_guide, last_items, line_schema,
)

_MAX_SPLITS = 2  # a truncated part is halved at most this many times
# An amount as tables print them (12.50, 1,477.1094, 95%); prose has few.
_AMOUNT = LazyPattern(r"\d[\d,]*\.\d+%?|\d+%")
DENSE_AMOUNTS = 6  # a text the rules took for prose with this many amounts may be a table they did not know


def _prompt(name: str):
    return resources.files("extractor") / "prompts" / f"{name}.md"


@lru_cache(maxsize=None)
def _template(name: str) -> Template:
    return Template(_prompt(name).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def prompt_name(kind: TableKind) -> str:
    """The prompt a table kind is asked with: its own, else the unclassified table's."""
    return kind.value if _prompt(kind.value).is_file() else TableKind.other.value


def messages_for(kind: TableKind, table_text: str, columns: Columns, guide: bool = False) -> list[dict]:
    """The request for one table (part): rules, with `guide` the schema's fields
    described (`field_guide`), then the kind's worked example and the table."""
    listed = "、".join(f"{label or kind.value}（{kind.value}）" for kind, label in columns) or "无"
    task = _template(prompt_name(kind)).substitute(table=table_text.strip("\n"), columns=listed)
    parts = [_template("system").template.strip()]
    if guide:
        parts.append("各字段的含义：\n" + field_guide(schema_for(kind, columns)))
    # One user message: some chat formats (Gemma's) drop the system role.
    return [{"role": "user", "content": "\n\n".join([*parts, task])}]


def columns_of(rules_table: Table) -> Columns:
    """Amount columns the header declares, as the header reader found them."""
    if not isinstance(rules_table, LineTable):
        return []
    labels: dict[ColumnKind, str] = {}
    for line in rules_table.lines:
        for cell in line.amounts:
            labels.setdefault(cell.column, cell.label)
    kinds = list(dict.fromkeys([*rules_table.columns, *labels]))
    return [(k, labels.get(k, "")) for k in kinds] or [(ColumnKind.total, "合计")]


def schema_for(kind: TableKind, columns: Columns) -> type[BaseModel]:
    if kind is TableKind.project_performance:
        return ProjectAnswer
    if kind is TableKind.department_performance:
        return DepartmentAnswer
    if kind is TableKind.self_evaluation:
        return SelfEvaluationAnswer
    return line_schema(kind, tuple(columns))


def rows_start(text: str, chunk: Chunk, rules_table: Table | None) -> int:
    """Where the chunk's rows begin: the line of the first value the rules reading found (so that a
    part repeats the title, the unit line and the column headers), else the chunk's header end.
    A character offset into `text`, at a line start inside the chunk."""
    starts = [obj.span.start for _, obj in iter_table(rules_table) if getattr(obj, "span", None)] if rules_table else []
    first = min((s for s in starts if chunk.start < s < chunk.end), default=chunk.header_end)
    line = text.rfind("\n", chunk.start, first) + 1
    return line if line > chunk.start else chunk.header_end


def merge_answers(answers: list[BaseModel]) -> BaseModel:
    """Parts of one table: lists are concatenated, a scalar is taken from the first part that has it."""
    first = answers[0]
    merged = first.model_copy(deep=True)
    for other in answers[1:]:
        for name in type(first).model_fields:
            mine, theirs = getattr(merged, name), getattr(other, name)
            if isinstance(mine, list):
                mine.extend(theirs)
            elif mine is None and theirs is not None:
                setattr(merged, name, theirs)
    return merged


def number_dense(text: str, chunk: Chunk) -> bool:
    """Whether a chunk the rules took for prose prints amounts like a table (`DENSE_AMOUNTS` or more)."""
    return len(_AMOUNT.findall(text, chunk.start, chunk.end)) >= DENSE_AMOUNTS


@dataclass
class KindReading:
    """The table kind the LLM named for a region the rules found no title for, and what it cost."""

    kind: TableKind | None
    usage: Usage = field(default_factory=Usage)
    error: InferenceError | None = None


class LLMExtractor:
    def __init__(self, provider: Provider, max_chunk_chars: int = 3000, concurrency: int = 4,
                 max_tokens_per_doc: int | None = None, identity: str = ""):
        self.provider = provider
        self.max_chunk_chars = max_chunk_chars
        self.concurrency = concurrency
        self.max_tokens_per_doc = max_tokens_per_doc  # tokens in and out one document may spend
        # what its readings depend on (endpoint, model, mode, chunk size, budget): a run's settings
        # fingerprint includes it; empty for a provider built by hand
        self.identity = identity

    @classmethod
    def from_config(cls, config: "ProviderConfig") -> "LLMExtractor":
        from ...provider.client import OpenAIProvider
        from ...provider.redact import redact

        identity = redact(f"{config.endpoint_id or config.base_url}|{config.model}|{config.mode.value}|"
                          f"{config.max_chunk_chars}|{config.temperature}|{config.max_tokens_per_doc}")
        return cls(OpenAIProvider(config), config.max_chunk_chars, config.concurrency, config.max_tokens_per_doc,
                   identity)

    def name_kind(self, text: str, chunk: Chunk) -> KindReading:
        """Ask which table kind a region is (prompts/classify.md, a fixed list); never raises.
        The region is sent whole up to `max_chunk_chars`: its start says what it is."""
        part = text[chunk.start : min(chunk.end, chunk.start + self.max_chunk_chars)]
        message = _template("classify").substitute(table=part.strip("\n"))
        try:
            inference = self.provider.infer(KindAnswer, [{"role": "user", "content": message}])
        except InferenceError as exc:
            return KindReading(None, exc.usage, exc)
        kind = inference.value.kind
        return KindReading(TableKind(kind) if kind else None, inference.usage)

    def read(self, text: str, chunk: Chunk, rules_table: Table) -> TableReading:
        """Never raises for a bad answer: a failed table comes back with its error."""
        columns = columns_of(rules_table)
        schema = schema_for(chunk.kind, columns)
        reading = TableReading(table=None)
        answers: list[BaseModel] = []
        rows = sheet(text, chunk.start, chunk.end)
        queue: list[tuple[Part, int]] = [(p, 0) for p in parts(rows, rows_start(text, chunk, rules_table),
                                                                 self.max_chunk_chars)]
        all_cached, above = True, {}
        while queue:
            part, depth = queue.pop(0)
            # a grammar hides the schema's descriptions from the model (asked each time: the
            # provider may have fallen back to md_json, which shows the schema)
            guide = getattr(self.provider, "mode", None) is RequestMode.json_schema
            try:
                inference = self.provider.infer(schema, messages_for(chunk.kind, part.text, columns, guide),
                                                context={"cells": part.cells})
            except InferenceError as exc:
                reading.usage.add(exc.usage)
                halves = part.halves() if exc.kind is FailureKind.truncated and depth < _MAX_SPLITS else None
                if halves is None:
                    reading.error = exc
                    return reading
                queue[:0] = [(h, depth + 1) for h in halves]
                continue
            reading.usage.add(inference.usage)
            all_cached = all_cached and inference.cached
            # items answered by their row, written out; a part's first items continue the part before's merged cells
            answers.append(expand(inference.value, part.cells, above))
            above = last_items(answers[-1], above)
        reading.parts, reading.cached = len(answers), all_cached
        cells = {ref: cell for row in rows for ref, cell in row.cells.items()}
        reading.table = build_table(text, chunk, merge_answers(answers), columns, unit_of(chunk), cells)
        reading.unfound = sum(Reason.unaligned in value.reasons for _, value in iter_table(reading.table))
        return reading
