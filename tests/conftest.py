from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from extractor.api import extract_file
from extractor.models import Document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "examples" / "seeds"


def seed_path(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


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


@pytest.fixture
def seed_run(_seed_run, tmp_path):
    """A fresh copy of a rules run over the seeds (outputs and review queue) to change."""
    import shutil

    out = tmp_path / "out"
    shutil.copytree(_seed_run, out)
    return out
