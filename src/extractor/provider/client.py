"""The one thing the extractor asks of an LLM: fill this schema from these messages.

`Provider.infer` is the whole interface (as langextract keeps one `infer`
behind its providers). `OpenAIProvider` implements it for any OpenAI-compatible
endpoint through instructor, which validates the answer against the schema and
re-asks with the validation errors. Around that:

- transient HTTP failures (429, 5xx, timeouts, refused connections) are retried
  with bounded exponential backoff and jitter (tenacity), honouring Retry-After;
- a circuit breaker: after `BREAKER_FAILURES` requests in a row without an
  answer (no server there, none reachable, or one that accepts the connection
  and never answers within the timeout; any answer, even an HTTP error, resets
  the count) the endpoint is not called again by this provider: the remaining
  requests fail at once as `unreachable`, with one warning, instead of going
  through their retries;
- a truncated answer (finish_reason "length") is asked again with a doubled
  token budget up to a cap, then reported as `truncated` so the caller can
  split the table; a truncated answer that repeats itself is a runaway (small
  models loop over the same rows): it is reported at once as `runaway`, since a
  larger budget or a smaller table would only buy more repetitions;
- an endpoint that rejects the request format (HTTP 400 on tools or
  response_format) is switched to Markdown JSON, which every endpoint accepts;
- every HTTP request and its token usage is counted, including re-asks and
  failed attempts, and failures carry that count and the last answer;
- validated answers are cached on disk, so a re-run sends no request;
- the key and a URL's credentials are redacted from every error and warning
  (an endpoint may echo them in its error body).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from enum import Enum
from typing import Generic, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import ExtractorError
from .cache import ResponseCache, cache_key
from .config import ProviderConfig, RequestMode
from .redact import redact

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)


class FailureKind(str, Enum):
    http = "http"  # 429/5xx or no connection, still failing after the retries
    timeout = "timeout"
    refused = "refused"  # a 4xx the endpoint will keep giving (bad key, unknown model)
    invalid_json = "invalid_json"
    schema = "schema"  # JSON that does not fit the schema, after the re-asks
    truncated = "truncated"  # still cut off at the largest token budget
    runaway = "runaway"  # cut off while repeating itself
    budget = "budget"  # not sent: the document's token budget was spent
    unreachable = "unreachable"  # not sent: the breaker opened after connections kept failing


BREAKER_FAILURES = 3  # connection failures in a row that open the breaker


@dataclass
class Usage:
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def add(self, other: "Usage") -> None:
        self.requests += other.requests
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens


@dataclass
class Inference(Generic[M]):
    value: M
    usage: Usage = field(default_factory=Usage)
    cached: bool = False


class InferenceError(ExtractorError):
    """A request that did not give a valid answer, with what it cost and what came back."""

    def __init__(self, message: str, kind: FailureKind, usage: Usage, last_response: str | None = None,
                 status: int | None = None):
        super().__init__(message)
        self.kind = kind
        self.usage = usage
        self.attempts = usage.requests
        self.last_response = last_response
        self.status = status

    def __str__(self) -> str:
        return f"{self.kind.value}: {self.args[0]} (after {self.attempts} request(s))"


class Provider(Protocol):
    def infer(self, schema: type[M], messages: list[dict], max_tokens: int | None = None,
              context: dict | None = None) -> Inference[M]:
        """Fill `schema` from `messages`; raise InferenceError when no valid answer comes. `context`
        is the answer's validation context (the cells a request showed, `{"cells": {ref: Cell}}`)."""
        ...


# characters: longer than the keys and nulls honest rows share, shorter than the cycle of a looping answer
_LOOP_TAIL = 200


def is_runaway(answer: str | None) -> bool:
    """An answer whose last characters already occur twice before them is looping."""
    if not answer or len(answer) <= _LOOP_TAIL:
        return False
    tail, before = answer[-_LOOP_TAIL:], answer[:-1]
    first = before.find(tail)  # occurrences may overlap: a loop's cycle can be shorter than the tail
    return first != -1 and before.find(tail, first + 1) != -1


class _Attempts(threading.local):
    """Requests and usage of the infer() call running on this thread (hooks fire on the caller's thread)."""

    def __init__(self) -> None:
        self.usage = Usage()
        self.last_response: str | None = None
        self.budget = 0  # max_tokens of the request in flight


def _response_text(response) -> str | None:
    try:
        message = response.choices[0].message
    except (AttributeError, IndexError):
        return None
    if getattr(message, "tool_calls", None):
        return message.tool_calls[0].function.arguments
    return message.content


class OpenAIProvider:
    def __init__(self, config: ProviderConfig):
        import openai

        if not config.configured:
            raise ValueError("no LLM endpoint configured: set base_url and model (flags, environment or the config file)")
        self.config = config
        # Retries are ours (tenacity, below), so the client makes exactly one request per call.
        self._openai = openai.OpenAI(
            base_url=config.base_url, api_key=config.api_key, timeout=config.timeout, max_retries=0
        )
        self._mode_lock = threading.Lock()
        self._use_mode(config.resolved_mode)
        self._slots = threading.BoundedSemaphore(config.concurrency)
        self._attempts = _Attempts()
        self.cache = ResponseCache(config.resolved_cache_dir) if config.cache else None
        self._breaker = _Breaker(redact(config.base_url))

    def _use_mode(self, mode: RequestMode) -> None:
        import instructor

        modes = {
            RequestMode.tools: instructor.Mode.TOOLS,
            RequestMode.json_schema: instructor.Mode.JSON_SCHEMA,
            RequestMode.json: instructor.Mode.JSON,
            RequestMode.md_json: instructor.Mode.MD_JSON,
        }
        client = instructor.from_openai(self._openai, mode=modes[mode])
        client.on("completion:kwargs", self._on_request)
        client.on("completion:response", self._on_response)
        with self._mode_lock:
            self.mode, self._client = mode, client

    def _on_request(self, *args, **kwargs) -> None:
        self._attempts.usage.requests += 1

    def _on_response(self, response) -> None:
        usage = getattr(response, "usage", None)
        if usage is not None:
            self._attempts.usage.prompt_tokens += usage.prompt_tokens or 0
            self._attempts.usage.completion_tokens += usage.completion_tokens or 0
            if (usage.completion_tokens or 0) >= self._attempts.budget and response.choices:
                # Some servers (llama-cpp-python's tool calls) report a cut-off answer as finished;
                # marked here, instructor raises IncompleteOutputException instead of re-asking.
                response.choices[0].finish_reason = "length"
        self._attempts.last_response = _response_text(response)

    def infer(self, schema: type[M], messages: list[dict], max_tokens: int | None = None,
              context: dict | None = None) -> Inference[M]:
        key = cache_key(
            endpoint=self.config.endpoint_id or self.config.base_url, model=self.config.model, mode=self.config.resolved_mode.value,
            messages=messages, schema=schema.model_json_schema(), temperature=self.config.temperature,
        )
        if self.cache is not None:
            hit = self.cache.get(key)
            if hit is not None:
                try:
                    return Inference(schema.model_validate(hit["value"], context=context), cached=True)
                except (ValidationError, KeyError, TypeError):
                    pass  # written by an older schema: ask again
        self._attempts.usage, self._attempts.last_response = Usage(), None
        if self._breaker.open:
            raise self._error(self._breaker.why, FailureKind.unreachable)
        budget = max_tokens or self.config.max_tokens
        while True:
            try:
                value = self._with_retries(schema, messages, budget, context)
                break
            except _Truncated:
                if is_runaway(self._attempts.last_response):
                    raise self._error(f"answer cut off at {budget} tokens while repeating itself", FailureKind.runaway)
                if budget >= self.config.max_tokens_cap:
                    raise self._error(f"answer cut off at {budget} tokens", FailureKind.truncated)
                budget = min(self.config.max_tokens_cap, budget * 2)
            except _Rejected as exc:
                if self.mode is RequestMode.md_json:
                    raise self._error(exc.message, FailureKind.refused, exc.status)
                log.warning("%s rejected %s requests (%s); switching to md_json",
                            redact(self.config.base_url), self.mode.value, redact(exc.message))
                self._use_mode(RequestMode.md_json)
        if self.cache is not None:
            self.cache.put(key, {"value": value.model_dump(mode="json", exclude_unset=True)})  # left out ≠ null (schemas.expand)
        return Inference(value, self._attempts.usage)

    def _error(self, message: str, kind: FailureKind, status: int | None = None) -> InferenceError:
        last = self._attempts.last_response
        return InferenceError(redact(message), kind, self._attempts.usage, last and redact(last), status)

    def _with_retries(self, schema: type[M], messages: list[dict], budget: int, context: dict | None) -> M:
        import openai
        from tenacity import RetryError, Retrying, retry_if_exception, stop_after_attempt

        retrying = Retrying(
            stop=stop_after_attempt(self.config.max_retries + 1),
            wait=_Backoff(self.config.backoff),
            retry=retry_if_exception(lambda exc: _transient(exc) and not self._breaker.open),
        )
        try:
            for attempt in retrying:
                with attempt:
                    with self._slots:
                        if self._breaker.open:  # opened by another table's request while this one waited
                            raise self._error(self._breaker.why, FailureKind.unreachable)
                        failure = None
                        try:
                            return self._once(schema, messages, budget, context)
                        except openai.APIConnectionError as exc:
                            failure = exc
                            raise
                        finally:
                            self._breaker.record(failure)
        except RetryError as exc:
            raise self._gave_up(exc.last_attempt.exception()) from exc
        except openai.APIConnectionError as exc:  # not retried: the breaker opened meanwhile
            raise self._gave_up(exc) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _gave_up(self, last: Exception) -> InferenceError:
        import openai

        kind = FailureKind.timeout if isinstance(last, openai.APITimeoutError) else FailureKind.http
        return self._error(f"{type(last).__name__}: {last}", kind, getattr(last, "status_code", None))

    def _once(self, schema: type[M], messages: list[dict], budget: int, context: dict | None) -> M:
        import openai
        from instructor.core import IncompleteOutputException, InstructorRetryException

        self._attempts.budget = budget
        try:
            return self._client.chat.completions.create(
                model=self.config.model,
                response_model=schema,
                messages=messages,
                max_retries=self.config.max_reasks,
                context=context,  # the validation context: a reference to a cell not shown is re-asked
                **{self.config.resolved_token_limit.value: budget},
                temperature=self.config.temperature,
            )
        except IncompleteOutputException:
            raise _Truncated()
        except InstructorRetryException as exc:
            cause = exc.__cause__
            if isinstance(cause, IncompleteOutputException):
                raise _Truncated()
            if isinstance(cause, openai.APIStatusError) and not _transient(cause) and cause.status_code != 429:
                raise _Rejected(f"HTTP {cause.status_code}: {cause.message}", cause.status_code)
            if isinstance(cause, openai.APIError):
                raise cause  # transient: tenacity decides
            errors = cause.errors() if isinstance(cause, ValidationError) else []
            kind = FailureKind.invalid_json if any(e["type"] == "json_invalid" for e in errors) else FailureKind.schema
            raise self._error(str(cause or exc).splitlines()[0], kind) from exc


class _Breaker:
    """Counts requests without an answer in a row across all threads; open for good once they reach
    BREAKER_FAILURES (a run does not wait for an endpoint to come back)."""

    def __init__(self, endpoint: str):
        self.endpoint = endpoint
        self._lock = threading.Lock()
        self._failures = 0
        self.why = ""

    @property
    def open(self) -> bool:
        return bool(self.why)

    def record(self, failure: Exception | None) -> None:
        """One request's outcome: None when the endpoint answered (anything, even an error),
        else the connection error it ended in (a refused or dropped connection, or a timeout:
        an endpoint that accepts connections but never answers costs as much as a dead one)."""
        import openai

        with self._lock:
            if failure is None:
                self._failures = 0
                return
            self._failures += 1
            if self._failures < BREAKER_FAILURES or self.why:
                return
            what = (f"left {self._failures} requests in a row unanswered" if isinstance(failure, openai.APITimeoutError)
                    else f"refused {self._failures} connections in a row")
            self.why = f"{self.endpoint} {what} ({type(failure).__name__}: {failure}); not asked again in this run"
        log.warning("%s: the remaining tables keep the rules reading", redact(self.why))


class _Truncated(Exception):
    pass


class _Rejected(Exception):
    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message, self.status = message, status


def _transient(exc: BaseException) -> bool:
    import openai

    if isinstance(exc, (openai.APITimeoutError, openai.APIConnectionError, openai.RateLimitError)):
        return True
    return isinstance(exc, openai.APIStatusError) and exc.status_code >= 500


class _Backoff:
    """Exponential backoff with full jitter, or the server's Retry-After when it sends one (capped)."""

    CAP = 30.0

    def __init__(self, base: float):
        from tenacity import wait_random_exponential

        self.base = base
        self._exp = wait_random_exponential(multiplier=base, max=self.CAP)

    def __call__(self, retry_state) -> float:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        response = getattr(exc, "response", None)
        after = response.headers.get("retry-after") if response is not None else None
        try:
            return min(self.CAP, float(after)) if after is not None else self._exp(retry_state)
        except ValueError:
            return self._exp(retry_state)
