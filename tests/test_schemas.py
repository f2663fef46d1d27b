from extractor.schemas import schema_texts

from conftest import ROOT


def test_schema_files_are_up_to_date():
    """Regenerate with `extract schemas` after changing the models."""
    for name, text in schema_texts().items():
        path = ROOT / "schemas" / name
        assert path.exists(), f"missing {path}: run `extract schemas`"
        assert path.read_text(encoding="utf-8") == text, f"{path} is out of date: run `extract schemas`"
