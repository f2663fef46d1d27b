"""The `llm` backend: one request per table chunk, with that kind's schema.

A table longer than `max_chunk_chars` is sent in parts, split on row
boundaries with the title and header repeated, and the parts' answers are
merged; a part whose answer is still truncated at the largest token budget is
halved again, unless the answer was looping (`runaway`): the halves would loop
too. The answer is aligned to the source and normalised (`build`).

Each kind has its prompt (`prompts/<kind>.md`, a worked example whose output
fits that kind's schema: tests/test_llm_schemas.py); a line kind without one
(三公经费, 收入预算总表, 政府采购) is asked with the unclassified table's. Where the
endpoint turns the schema into a grammar (json_schema mode), the prompt lists
the schema's fields with their descriptions, which the model would not see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from string import Template

from pydantic import BaseModel

from ...models import ColumnKind, LineTable, Table, TableKind
from ...provider.client import FailureKind, InferenceError, Provider, Usage
from ...provider.config import ProviderConfig, RequestMode
from ...segment import Chunk
from ..common import unit_of
from .build import Columns, build_table
from .schemas import DepartmentAnswer, ProjectAnswer, SelfEvaluationAnswer, field_guide, line_schema

_MAX_SPLITS = 2  # a truncated part is halved at most this many times


@dataclass
class LLMReading:
    """What the LLM made of one table, and what it cost."""

    table: Table | None
    usage: Usage = field(default_factory=Usage)
    error: InferenceError | None = None
    parts: int = 1
    cached: bool = False


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


def split_rows(text: str, chunk: Chunk, max_chars: int) -> list[str]:
    """The chunk's text, or parts of at most max_chars (title and header in each), cut between rows."""
    whole = text[chunk.start : chunk.end]
    if len(whole) <= max_chars:
        return [whole]
    head = text[chunk.start : chunk.header_end]
    rows = text[chunk.header_end : chunk.end].splitlines(keepends=True)
    room = max(max_chars - len(head), 200)
    parts, part = [], ""
    for row in rows:
        if part and len(part) + len(row) > room:
            parts.append(head + part)
            part = ""
        part += row
    if part.strip():
        parts.append(head + part)
    return parts


def _halves(part: str, head_len: int) -> list[str] | None:
    head, rows = part[:head_len], part[head_len:].splitlines(keepends=True)
    if len(rows) < 2:
        return None
    mid = len(rows) // 2
    return [head + "".join(rows[:mid]), head + "".join(rows[mid:])]


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


class LLMExtractor:
    def __init__(self, provider: Provider, max_chunk_chars: int = 3000, concurrency: int = 4):
        self.provider = provider
        self.max_chunk_chars = max_chunk_chars
        self.concurrency = concurrency

    @classmethod
    def from_config(cls, config: "ProviderConfig") -> "LLMExtractor":
        from ...provider.client import OpenAIProvider

        return cls(OpenAIProvider(config), config.max_chunk_chars, config.concurrency)

    def read(self, text: str, chunk: Chunk, rules_table: Table) -> LLMReading:
        """Never raises for a bad answer: a failed table comes back with its error."""
        columns = columns_of(rules_table)
        schema = schema_for(chunk.kind, columns)
        reading = LLMReading(table=None)
        answers: list[BaseModel] = []
        head_len = chunk.header_end - chunk.start
        queue = [(part, 0) for part in split_rows(text, chunk, self.max_chunk_chars)]
        all_cached = True
        while queue:
            part, depth = queue.pop(0)
            # a grammar hides the schema's descriptions from the model (asked each time: the
            # provider may have fallen back to md_json, which shows the schema)
            guide = getattr(self.provider, "mode", None) is RequestMode.json_schema
            try:
                inference = self.provider.infer(schema, messages_for(chunk.kind, part, columns, guide))
            except InferenceError as exc:
                reading.usage.add(exc.usage)
                halves = _halves(part, head_len) if exc.kind is FailureKind.truncated and depth < _MAX_SPLITS else None
                if halves is None:
                    reading.error = exc
                    return reading
                queue[:0] = [(h, depth + 1) for h in halves]
                continue
            reading.usage.add(inference.usage)
            all_cached = all_cached and inference.cached
            answers.append(inference.value)
        reading.parts, reading.cached = len(answers), all_cached
        reading.table = build_table(text, chunk, merge_answers(answers), columns, unit_of(chunk))
        return reading
