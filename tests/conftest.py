from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

import pytest

from extractor.api import extract_file
from extractor.models import Document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "examples" / "seeds"


def only_table(path: Path, kind: type):
    """(document, its one table of model `kind`) read from `path`."""
    result = extract_file(path)
    assert result.doc is not None, result.error
    (table,) = [t for t in result.doc.tables if isinstance(t, kind)]
    return result.doc, table


def changed(tmp_path: Path, form: Path, old: str, new: str) -> Path:
    """A copy of a test form in `tmp_path` with one printed cell changed (`old` printed once)."""
    text = form.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / form.name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def rejoined(text: str, *joiners: str) -> str:
    """`text` with each line's cells (split at a tab, a rule `|` or two spaces or more) joined by a joiner, empty
    cells dropped: as a viewer's copy gives a table; with two joiners, the first half of the lines joined by the
    first and the rest by the second, as a page that pasted its tables each its own way (`eval/make_joined.py`)."""
    return _make_joined().rejoin(text, *joiners)


@lru_cache(maxsize=1)
def _make_joined():
    """The module that builds the re-joined eval sets (a script, not a package)."""
    spec = importlib.util.spec_from_file_location("make_joined", ROOT / "eval" / "make_joined.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def seed_path(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


@pytest.fixture(scope="session", autouse=True)
def _session_ocr_cache(tmp_path_factory):
    """OCR results are kept for the test session only (module fixtures included): a page
    read twice by the tests is read once, and a developer's own cache is never used."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("EXTRACT_OCR_CACHE", str(tmp_path_factory.mktemp("ocr_cache")))
        yield


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path_factory, monkeypatch):
    """Tests never read the developer's own config file (~/.config/extract/extract.toml)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config_home")))
    monkeypatch.delenv("EXTRACTOR_CONFIG", raising=False)


@lru_cache(maxsize=None)
def _seed_doc(prefix: str) -> Document:
    result = extract_file(seed_path(prefix))
    assert result.doc is not None, result.error
    return result.doc


@pytest.fixture
def seed_doc():
    return _seed_doc


@pytest.fixture
def seed_text():
    return lambda prefix: seed_path(prefix).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def _seed_run(tmp_path_factory):
    from extractor.api import run

    out = tmp_path_factory.mktemp("seed_run")
    assert run([SEEDS], out).ok
    return out


# The review items of a rules run over the five seeds: 74 flagged fields and one finding of the
# document itself (seed 000's 表6 printed empty without a statement, `test_review_queue._empty_table`).
SEED_ITEMS = 75


@pytest.fixture
def seed_run(_seed_run, tmp_path):
    """A fresh copy of a rules run over the seeds (outputs and review queue) to change."""
    import shutil

    out = tmp_path / "out"
    shutil.copytree(_seed_run, out)
    return out


# Text a hostile document plants in seed 000 (issue 19): Textual actions and unbalanced markup in row
# names, a screen clear and OSC sequences. Each replaced string occurs once in the seed.
HOSTILE = {
    "204\t公共安全支出": "204\t[@click=app.reject]公共安全[/]支出",
    "221\t住房保障支出": "221\t住房[/]保障支出",
    "210\t卫生健康支出": "210\t卫生健康支出\x1b[2J",
    # a project's name (a window title) and its implementing unit (a clipboard write, OSC 52)
    "普法宣传及依法治理经费\t\n主管部门\t\t中宁县司法局\t中宁县司法局本级":
        "普法宣传\x1b]0;pwned\x07及依法治理经费\t\n主管部门\t\t中宁县司法局\t中宁县司法局\x1b]52;c;cHduZWQ=\x07本级",
}


@pytest.fixture
def hostile_run(tmp_path):
    """OUT of a rules run over seed 000 with the HOSTILE text in it (outputs and review queue)."""
    from extractor.api import run

    text = seed_path("000").read_text(encoding="utf-8")
    for printed, planted in HOSTILE.items():
        assert text.count(printed) == 1
        text = text.replace(printed, planted)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "000_hostile.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert run([tmp_path / "in"], out).ok
    return out
