"""Walk the extracted values of a document or table: every `Located` field with its path.

Shared by the checks, the review queue, hybrid merging and the API's counts.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, Collection, Iterator, get_args

from pydantic import BaseModel

from .models import Document, Located


def iter_located(doc: Document) -> Iterator[tuple[str, Located]]:
    """Every extracted value of a document with a path like t02.lines[5].amounts[1].amount."""
    for table in doc.tables:
        yield from iter_table(table)


def document_fields(doc: Document) -> list[tuple[str, BaseModel, Located]]:
    """(positional path, table, value) for every value of `doc`, in `iter_located`'s order.
    The walk the post-checks last made (`check_document` keeps it on the document) when the
    document still holds those very tables: nothing restructures a document after its checks
    (a review decision changes values in place), a copy of it holds other objects and is walked anew."""
    kept = doc._walked
    if kept is not None and len(kept[0]) == len(doc.tables) and all(a is b for a, b in zip(kept[0], doc.tables)):
        return kept[1]
    return [(path, table, obj) for table in doc.tables for path, obj in iter_table(table)]


def iter_table(table: BaseModel) -> Iterator[tuple[str, Located]]:
    """The values of one table with their positional paths."""
    out: list = []
    _collect(table, table.id, None, None, out)
    return ((path, value) for path, _, value in out)


def iter_keyed(table: BaseModel, root: str, index: Callable[[object], str]) -> Iterator[tuple[str, str, Located]]:
    """(positional path, key, value) for the values of one table, in one walk.
    In the key, under `root`, list items are named by `index` (a row's code, a
    column) instead of their position, which survives rows added or dropped elsewhere."""
    out: list = []
    _collect(table, table.id, root, index, out)
    return iter(out)


def iter_fields(model: BaseModel, skip: Collection[str] = ()) -> Iterator[tuple[str, Located]]:
    """(field name, value) for every value under `model`, without building paths
    (the fast walk, for who needs only the values); the top-level fields named
    in `skip` are left out."""
    stack: list[BaseModel] = [model]
    top = True
    while stack:
        node = stack.pop()
        fields = vars(node)  # (a model's fields are in its __dict__: read there, not through pydantic's __getattr__ hook)
        for name in _model_fields(type(node)):
            if top and name in skip:
                continue
            value = fields[name]
            if value is None:
                continue  # (most optional values are not printed: no type tests for them)
            if isinstance(value, Located):
                yield name, value
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, Located):
                        yield name, item
                    else:
                        stack.append(item)
            elif isinstance(value, BaseModel):
                stack.append(value)
        top = False


def item_names(items: list, index: Callable[[object], str]) -> list[str]:
    """Each list item's name in a key (`iter_keyed`): its `index` label, with `#2`, `#3`… from the second
    item of the same label on."""
    seen: dict[str, int] = {}  # (a plain dict: a Counter calls its Python __missing__ on each new label)
    names = []
    for item in items:
        label = index(item)
        n = seen[label] = seen.get(label, 0) + 1
        names.append(f"{label}#{n}" if n > 1 else label)
    return names


def _collect(model: BaseModel, path: str, key: str | None, index, out: list) -> None:
    """Append (path, key, value) of every value under `model` to `out`: a plain recursion
    building one list, not generators nested as deep as the tree (each value passed up
    through every level of them)."""
    fields = vars(model)  # (as in `iter_fields`)
    for name in _model_fields(type(model)):
        value = fields[name]
        if value is None or value.__class__ is list and not value:
            continue  # nothing under it: no paths to build
        here, keyed = f"{path}.{name}", key and f"{key}.{name}"
        if isinstance(value, Located):
            out.append((here, keyed, value))
        elif isinstance(value, list):
            names = item_names(value, index) if index is not None else None
            for i, item in enumerate(value):
                item_key = f"{keyed}[{names[i]}]" if names is not None else None
                if isinstance(item, Located):
                    out.append((f"{here}[{i}]", item_key, item))
                else:
                    _collect(item, f"{here}[{i}]", item_key, index, out)
        elif isinstance(value, BaseModel):
            _collect(value, here, keyed, index, out)


@lru_cache(maxsize=None)
def _model_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model class that can hold other models (skips str, float…)."""
    return tuple(name for name, info in cls.model_fields.items() if _holds_model(info.annotation))


def _holds_model(annotation) -> bool:
    if isinstance(annotation, type):
        return issubclass(annotation, BaseModel)
    return any(_holds_model(arg) for arg in get_args(annotation))
