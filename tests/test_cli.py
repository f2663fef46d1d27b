import json
import subprocess
import sys

from typer.testing import CliRunner

from extractor.cli import app

from conftest import SEEDS

runner = CliRunner()


def test_run_seeds_exit_0(tmp_path):
    result = runner.invoke(app, ["run", str(SEEDS), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "5 ok, 0 failed" in result.output
    assert json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))["ok"]


def test_any_failed_file_exits_1(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = runner.invoke(app, ["run", str(bad), str(SEEDS / "001_9e7f8505a7e25c9c.txt"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "empty file" in result.output


def test_usage_errors_exit_2(tmp_path):
    assert runner.invoke(app, ["run", str(SEEDS), "--backend", "nope"]).exit_code == 2
    assert runner.invoke(app, ["run", "--bogus"]).exit_code == 2
    empty = tmp_path / "empty_dir"
    empty.mkdir()
    assert runner.invoke(app, ["run", str(empty), "-o", str(tmp_path / "o")]).exit_code == 2


def test_help_does_not_import_heavy_modules():
    code = "import sys; from extractor.cli import app; print(','.join(m for m in ('pydantic', 'rich') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == ""
