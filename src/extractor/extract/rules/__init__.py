"""The `rules` backend: a deterministic parser, no LLM."""

from __future__ import annotations

from ...grid import Layout
from ...models import DepartmentTable, NarrativeBlock, ProjectTable, Table, TableKind, made_table
from ...segment import Chunk
from .coded import parse_coded_table
from .consensus import doubt, funds_from_cost, mend_units, respell_names, settle
from .summary import parse_summary_table, parse_three_public

# The performance readers (projects, indicators, department, selfeval: most of the readers' regexes)
# are imported where a chunk of their kind is read: a document of money tables alone never loads them.


def parse_document(text: str, chunks: list[Chunk]) -> list[Table]:
    """Fill the schema of every chunk's table kind; then settle the fields the
    project tables print alike across the document (`consensus.settle`),
    mend the characters of their names the OCR changed (`consensus.respell_names`) and of their units'
    names by each other (`consensus.mend_units`),
    flag the header texts of OCR-damaged pages (`consensus.doubt`), infer the 二级 the OCR lost under a 一级
    with one 二级 (`indicators.infer_sole_level2`), and give the 二级 names the OCR left in doubt the form the
    document prints (`indicators.settle_level_forms`), and read the characters a face's operators came out as where
    the document's rows agree on them (`indicators.settle_operator_glyphs`), and doubt the `=` of a document that
    prints tesseract's forms of ≥ (`indicators.settle_equal_signs`), and doubt a value whose row neither its 二级 nor its 三级
    places (`indicators.doubt_unplaced`) or a bare figure over 100 among a document's percentages
    (`indicators.doubt_percent_lost`) or a compound unit the document prints elsewhere with one `/` more
    (`indicators.doubt_slash_lost`: `元/人月` beside `元/人/月`). A year's funds the OCR lost are read from the cost
    indicator where the document's forms state them there (`consensus.funds_from_cost`)."""
    tables = [parse_chunk(text, chunk) for chunk in chunks]
    # repairs only on page text (tesseract) of a document whose labels show OCR damage somewhere: the same
    # OCR read its other pages too; elsewhere two readings are two values
    spaced = {c.id for c in chunks if c.layout is Layout.spaced}
    paged = {t.id for t in tables if isinstance(t, ProjectTable) and t._damaged and t.id in spaced}
    repairable = spaced if paged else set()
    confirmed = settle(text, tables, {t.id: t._labels for t in tables if isinstance(t, ProjectTable)}, repairable)
    respell_names(text, tables, repairable)
    mend_units(text, tables, repairable)
    funds_from_cost(tables)
    doubt(text, tables, repairable, confirmed, spaced)  # (a page whose labels happen to read whole went through the same OCR)
    trees = [t.project.indicators for t in tables if isinstance(t, ProjectTable)]
    if trees:
        from .indicators import infer_sole_level2, settle_level_forms

        infer_sole_level2(trees)
        settle_level_forms(trees)
    all_trees = [*trees, *(t.department.indicators for t in tables if isinstance(t, DepartmentTable))]
    if any(all_trees):
        from .indicators import (doubt_percent_lost, doubt_slash_lost, doubt_unplaced, settle_equal_signs,
                                  settle_operator_glyphs)

        settle_operator_glyphs(all_trees)
        settle_equal_signs(all_trees)
        doubt_unplaced(all_trees)
        doubt_percent_lost(all_trees)
        doubt_slash_lost(all_trees)
    return tables


def parse_chunk(text: str, chunk: Chunk) -> Table:
    """Fill the schema of the chunk's table kind from its text."""
    table = _parse(text, chunk)
    if chunk.unit_inferred:
        table.warnings.insert(0, f"no unit line: amounts taken to be in {chunk.unit}, as in the document's other tables")
    return table


def _parse(text: str, chunk: Chunk) -> Table:
    if chunk.kind is TableKind.narrative:
        return made_table(
            NarrativeBlock,
            id=chunk.id,
            kind=TableKind.narrative,
            span={"start": chunk.start, "end": chunk.end},
            header_end=chunk.header_end,
            text=text[chunk.start : chunk.end],
        )
    if chunk.kind is TableKind.project_performance:
        from .projects import parse_project_table

        return parse_project_table(text, chunk)
    if chunk.kind is TableKind.department_performance:
        from .department import parse_department_table

        return parse_department_table(text, chunk)
    if chunk.kind is TableKind.self_evaluation:
        from .selfeval import parse_self_evaluation

        return parse_self_evaluation(text, chunk)
    if chunk.kind is TableKind.three_public:
        return parse_three_public(text, chunk)
    if chunk.kind is TableKind.income_expenditure_summary:
        return parse_summary_table(text, chunk)
    return parse_coded_table(text, chunk)
