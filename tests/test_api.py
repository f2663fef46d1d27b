"""The library's run over real inputs: the per-file time limit (issue 19)."""

from __future__ import annotations

import csv
import json

from conftest import SEEDS, seed_path
from extractor.api import FileStatus, run


def _docs_in(out, name):
    return {row["doc"] for row in csv.DictReader((out / name).read_text(encoding="utf-8-sig").splitlines())}


def test_a_file_over_the_time_limit_fails_alone_and_costs_nothing_written(tmp_path):
    """A real slow input: every seed printed 60 times over (6 MB, many seconds of reading) under a
    2 s limit. It is reported failed, naming the limit; the batch goes on; the outputs already in
    OUT (a document of an earlier run, reused) stay whole and in the CSVs; nothing of it is left."""
    folder = tmp_path / "in"
    folder.mkdir()
    small = folder / seed_path("001").name
    small.write_bytes(seed_path("001").read_bytes())
    out = tmp_path / "out"
    first = run([folder], out)
    assert first.ok
    big = folder / "z_big.txt"
    big.write_bytes(b"".join(p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))) * 60)
    report = run([folder], out, file_timeout=2)
    by_path = {r.path: r for r in report.results}
    assert by_path[small].status is FileStatus.ok and by_path[small].reused
    slow = by_path[big]
    assert slow.status is FileStatus.failed
    assert slow.error == "took longer than the time limit of 2 s per file (--file-timeout): left out, the other files go on"
    assert not report.ok
    ran = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert ran["state"] == "complete" and [f["status"] for f in ran["files"]] == ["ok", "failed"]
    assert ran["files"][1]["path"] == str(big) and "time limit" in ran["files"][1]["error"]
    assert _docs_in(out, "projects.csv") == {small.stem}
    assert not (out / "docs" / "z_big.json").exists() and not list(out.rglob(".tmp-*"))
