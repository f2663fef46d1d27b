"""LLM traffic the tests replay, and how it is recorded.

Each scenario runs real extraction code against an endpoint. `cassettes/record.py`
runs them against the embedded local model and records every HTTP exchange
with vcrpy; the tests (tests/test_llm_cassettes.py) replay the same scenarios
from those cassettes with the network blocked. Requests match on method, path
and body (not host/port: the local server takes a free port each time).
"""

from __future__ import annotations

from pathlib import Path

import vcr

from extractor.api import Backend, extract_source
from extractor.extract.llm import LLMExtractor
from extractor.extract.rules import parse_chunk
from extractor.ingest import read_source
from extractor.provider.config import ProviderConfig, load_config
from extractor.provider.local import MODEL_ALIAS
from extractor.segment import segment

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "cassettes"
SEEDS = ROOT / "examples" / "seeds"
SECRET_HEADERS = ["authorization", "api-key", "x-api-key", "openai-organization", "openai-project", "cookie", "set-cookie"]


def _scrub_response(response: dict) -> dict:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in SECRET_HEADERS:
            del headers[name]
    return response


def recorder(record_mode: str) -> vcr.VCR:
    return vcr.VCR(
        cassette_library_dir=str(CASSETTES),
        record_mode=record_mode,
        match_on=["method", "path", "body"],
        filter_headers=SECRET_HEADERS,
        before_record_response=_scrub_response,
        decode_compressed_response=True,
    )


def settings(base_url: str) -> ProviderConfig:
    """What the recordings were made with: the local model's mode, no cache, one request at a time."""
    return load_config(
        ROOT / "no-config.toml", base_url=base_url, model=MODEL_ALIAS, mode="tools", cache=False, concurrency=1,
        timeout=600, max_tokens=1024, max_tokens_cap=1024, max_retries=0, max_reasks=1,
    )


def seed(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


def seed001_hybrid(base_url: str):
    """Seed 001 (three project tables) through the hybrid backend."""
    source = read_source(seed("001"))
    return extract_source(source, backend=Backend.hybrid, llm=LLMExtractor.from_config(settings(base_url)))


def seed000_line_tables(base_url: str):
    """The LLM's reading of seed 000's 基本支出经济分类表 (t03)."""
    source = read_source(seed("000"))
    extractor = LLMExtractor.from_config(settings(base_url))
    chunks = {c.id: c for c in segment(source.text)}
    return {
        cid: extractor.read(source.text, chunks[cid], parse_chunk(source.text, chunks[cid]))
        for cid in ("t03",)
    }


SCENARIOS = {"seed001_hybrid": seed001_hybrid, "seed000_line_tables": seed000_line_tables}
