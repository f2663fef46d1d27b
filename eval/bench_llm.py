"""LLM backend cost on the seed corpus: requests per document (= tables), tokens per
table, wall time at concurrency 1 and 4, and a second run's requests (target 0,
answered from the response cache).

    python eval/bench_llm.py [--llm URL --model NAME | --llm local | --llm oracle] [--seeds 001 004] [--concurrency 1 4]

Each timed run uses a fresh, empty cache folder, so it measures the endpoint;
the second run reuses the first timed run's cache. The embedded model gets
the same settings as `--llm local`.

`--llm oracle` puts the perfect model (`evaluate/oracle.py`) behind the LLM
path: no server, the answers a flawless reader would give, their size in
tokens of the embedded model's tokenizer. It prints requests, input and output
tokens per table, and output tokens against the tables' own length in tokens:
what the request shape costs, apart from any model.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

from extractor.api import Backend, extract_source
from extractor.extract.llm import LLMExtractor
from extractor.extract.llm.schemas import expand, placement_fields
from extractor.extract.reader import open_reader
from extractor.ingest import read_source
from extractor.provider.config import load_config
from extractor.provider.local import embedded_settings, local_server

SEEDS = Path(__file__).resolve().parent.parent / "examples" / "seeds"


def run(sources, base_url: str, model: str | None, concurrency: int, cache_dir: Path, mode: str | None, local: bool):
    settings = load_config(None, base_url=base_url, model=model, concurrency=concurrency, cache_dir=cache_dir, mode=mode)
    if local:
        settings = embedded_settings(settings, base_url)
    with open_reader(Backend.llm, settings) as reader:
        started = time.perf_counter()
        docs = [extract_source(s, backend=reader.backend, llm=reader.llm) for s in sources]
    return docs, time.perf_counter() - started


def oracle(sources) -> None:
    from extractor.evaluate.oracle import OracleProvider
    from extractor.provider.local import token_counter
    from extractor.segment import segment

    count = token_counter()
    provider = OracleProvider.from_folders([SEEDS.parent.parent / "eval" / "fixtures"], count_tokens=count)
    written_out = []  # each answer with every field of every item written out, nulls included: the shape before rows
    answer = provider.infer

    def infer(schema, messages, max_tokens=None, context=None):
        inference = answer(schema, messages, max_tokens, context)
        if context:
            whole = expand(inference.value, context["cells"]).model_dump(exclude=placement_fields(schema))
            written_out.append(count(json.dumps(_without_placement(whole), ensure_ascii=False)))
        return inference

    provider.infer = infer
    extractor = LLMExtractor(provider, concurrency=1)
    docs = [extract_source(s, backend=Backend.llm, llm=extractor) for s in sources]
    tables = sum(d.llm.tables for d in docs)
    requests = sum(d.llm.requests for d in docs)
    prompt = sum(d.llm.prompt_tokens for d in docs)
    completion = sum(d.llm.completion_tokens for d in docs)
    own = sum(count(s.text[c.start : c.end]) for s in sources for c in segment(s.text) if c.kind.value != "narrative")
    print(f"perfect model on {len(docs)} seeds: {tables} tables, {requests / max(tables, 1):.2f} requests/table, "
          f"{prompt / max(tables, 1):.0f} input and {completion / max(tables, 1):.0f} output tokens/table; "
          f"output is {completion / max(own, 1):.2f}x the tables' own {own / max(tables, 1):.0f} tokens/table")
    print(f"  the same answers written out (every item's fields by reference, nulls included, as before items were "
          f"answered by their rows): {sum(written_out) / max(tables, 1):.0f} output tokens/table")


def _without_placement(value):
    """An answer dump without its items' `row` (the shape before items were answered by rows)."""
    if isinstance(value, dict):
        return {k: _without_placement(v) for k, v in value.items() if k != "row"}
    if isinstance(value, list):
        return [_without_placement(v) for v in value]
    return value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--llm", default="local")
    parser.add_argument("--model", default=None)
    parser.add_argument("--mode", default=None)
    parser.add_argument("--seeds", nargs="*", default=None, help="seed prefixes (default: all)")
    parser.add_argument("--concurrency", nargs="+", type=int, default=[1, 4])
    args = parser.parse_args()
    paths = sorted(SEEDS.glob("*.txt"))
    if args.seeds:
        paths = [p for p in paths if p.name.split("_")[0] in args.seeds]
    sources = [read_source(p) for p in paths]
    if args.llm == "oracle":
        oracle(sources)
        return
    local = args.llm == "local"
    with (local_server() if local else nullcontext(args.llm)) as base_url, tempfile.TemporaryDirectory() as tmp:
        for concurrency in args.concurrency:
            docs, seconds = run(sources, base_url, args.model, concurrency, Path(tmp) / f"c{concurrency}", args.mode, local)
            tables = sum(d.llm.tables for d in docs)
            requests = sum(d.llm.requests for d in docs)
            tokens = sum(d.llm.prompt_tokens + d.llm.completion_tokens for d in docs)
            failed = sum(len(d.llm.failed_tables) for d in docs)
            print(f"concurrency {concurrency}: {len(docs)} documents, {tables} tables, {requests} requests "
                  f"({requests / len(docs):.1f}/document, {requests / max(tables, 1):.2f}/table), "
                  f"{tokens / max(tables, 1):.0f} tokens/table, {seconds:.1f} s ({seconds / max(tables, 1):.1f} s/table), "
                  f"{failed} tables failed")
        first = args.concurrency[0]
        docs, seconds = run(sources, base_url, args.model, first, Path(tmp) / f"c{first}", args.mode, local)
        print(f"second run (cache): {sum(d.llm.requests for d in docs)} requests, "
              f"{sum(d.llm.cached_tables for d in docs)} of {sum(d.llm.tables for d in docs)} tables from cache, {seconds:.2f} s")


if __name__ == "__main__":
    main()
