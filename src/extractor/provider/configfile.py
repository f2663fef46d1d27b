"""The config file a run reads and its `[run]` table, without the LLM's settings (`config`): a rules
run reads these and never loads pydantic_settings (start-up time).

The config file is one the user named: `--config FILE`, else `$EXTRACTOR_CONFIG`, else
`extract.toml` in the user's config folder (`find_config`); never one in the working directory
unless named (`config` says why).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

CONFIG_NAME = "extract.toml"
CONFIG_ENV = "EXTRACTOR_CONFIG"
LLM_ENV_PREFIX = "EXTRACTOR_LLM_"  # the LLM settings' environment variables (`config.ProviderConfig`)


def user_config_file() -> Path:
    """The user's own config file: `$XDG_CONFIG_HOME/extract/extract.toml` (default `~/.config/extract/extract.toml`)."""
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "extract" / CONFIG_NAME


def find_config(explicit: Path | None = None) -> tuple[Path | None, bool]:
    """(the config file a run reads, whether the user named it): `explicit` (`--config`), else
    `$EXTRACTOR_CONFIG` (both named, returned even when missing so the caller can say so), else
    the user's `user_config_file()` when it exists, else (None, False). Never `./extract.toml`
    unless named."""
    if explicit is not None:
        return explicit, True
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV]), True
    own = user_config_file()
    return (own, False) if own.is_file() else (None, False)


class RunSettings(BaseModel, defer_build=True):  # (its schema built when a [run] table is read: not in a run without one)
    """The `[run]` table of the config file: defaults for the options of `extract run` and
    `extract export` that a flag given on the command line overrides.

    ```toml
    [run]
    flag_below = 0.7      # --flag-below
    out = "~/budget-out"  # -o of extract run
    unit = "万元"          # --unit of extract export
    lang = "zh"           # --lang of extract export
    ```"""

    model_config = ConfigDict(extra="forbid")

    flag_below: Optional[float] = Field(None, ge=0, le=1, description="Flag fields whose confidence is below this")
    out: Optional[Path] = Field(None, description="Output folder of extract run")
    unit: Optional[Literal["元", "万元"]] = Field(None, description="Unit extract export converts amounts to")
    lang: Optional[Literal["zh", "en"]] = Field(None, description="Language of the XLSX export's headers")

    @field_validator("out")
    @classmethod
    def _home(cls, value: Optional[Path]) -> Optional[Path]:
        return value.expanduser() if value is not None else None


def read_toml(path: Path) -> dict:
    """The TOML file at `path`. Raises OSError, and tomllib.TOMLDecodeError (a ValueError) for a malformed file."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def llm_settings_given(config_file: Path | None) -> bool:
    """Whether any LLM setting is given outside the command line: an `EXTRACTOR_LLM_*` variable, or
    an `[llm]` table in `config_file` (a file that cannot be read or parsed counts as given: reading
    the settings says what is wrong with it). False: the run is a rules run, no LLM settings to read."""
    if any(name.startswith(LLM_ENV_PREFIX) for name in os.environ):
        return True
    if config_file is None or not config_file.is_file():
        return False
    try:
        return "llm" in read_toml(config_file)
    except (OSError, ValueError):
        return True


def load_run_settings(config_file: Path | None = None) -> RunSettings:
    """The `[run]` table of the config file `find_config` finds (`config_file` if named; none: defaults).

    Raises pydantic.ValidationError for bad values and tomllib.TOMLDecodeError for a malformed file."""
    path = find_config(config_file)[0]
    if path is None or not path.is_file():
        return RunSettings.model_construct()  # (the defaults, as `RunSettings()` gives them, without building the schema)
    return RunSettings(**read_toml(path).get("run", {}))
