"""report: the end-of-run summary shows file names and endpoint errors as printed, never as markup."""

import json
import shutil

from typer.testing import CliRunner

from conftest import seed_path
from endpoint import Endpoint, Reply
from extractor.cli import app

REFUSAL = "refused [/] by [bold]policy[/][/] \x1b]0;pwned\x07"  # more closing tags than opening ones


def test_summary_survives_markup_and_escapes_from_an_endpoint_and_a_file_name(tmp_path):
    """Every LLM request answers 400 with markup and escape sequences in its error text, and one input
    is an empty file whose name has markup and a screen clear: the run ends with its summary, showing
    the texts as printed, without the escape sequence."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(seed_path("001"), inputs)
    (inputs / "[bold]bad\x1b[2J.txt").write_bytes(b"")
    body = json.dumps({"error": {"message": REFUSAL, "type": "invalid_request_error"}})
    with Endpoint(lambda body_, n: Reply(status=400, raw_body=body)) as ep:
        result = CliRunner().invoke(app, [
            "run", str(inputs), "-o", str(tmp_path / "out"), "--backend", "hybrid",
            "--llm", ep.base_url, "--model", "m", "--mode", "json_schema", "--no-cache",
        ], env={"EXTRACTOR_LLM_BACKOFF": "0.01", "EXTRACTOR_LLM_MAX_RETRIES": "0", "COLUMNS": "400"}, color=True)
    assert not isinstance(result.exception, Exception), result.exception  # a SystemExit is no Exception
    assert result.exit_code == 1  # the empty file failed
    shown = result.stdout
    assert "outputs in" in shown  # the summary went to its end
    assert "[bold]bad.txt" in shown and "refused [/] by [bold]policy[/][/]" in shown
    assert "\x1b" not in shown and "\x07" not in shown
