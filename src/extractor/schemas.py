"""JSON Schema export of the models, one file per table kind plus the document."""

from __future__ import annotations

import json
from pathlib import Path

from .models import DepartmentTable, Document, LineTable, NarrativeBlock, ProjectTable, SelfEvaluationTable

MODELS = {
    "document": Document,
    "line_table": LineTable,
    "project_table": ProjectTable,
    "department_table": DepartmentTable,
    "self_evaluation_table": SelfEvaluationTable,
    "narrative_block": NarrativeBlock,
}


def schema_texts() -> dict[str, str]:
    return {
        f"{name}.schema.json": json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2) + "\n"
        for name, model in MODELS.items()
    }


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in schema_texts().items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
