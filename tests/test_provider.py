"""The provider against a real HTTP server on 127.0.0.1 (tests/endpoint.py):
request shape per mode, retries, re-asks, truncation, timeouts, fallback, cache, config."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from pydantic import BaseModel, Field

from endpoint import Endpoint, Reply, closed_url
from extractor.provider.client import BREAKER_FAILURES, FailureKind, InferenceError, OpenAIProvider, is_runaway
from extractor.provider.config import RequestMode, TokenLimit, auto_mode, load_config
from extractor.provider.configfile import find_config, llm_settings_given, user_config_file
from extractor.provider.redact import redact, remember
from extractor.provider.local import MODEL_ALIAS, embedded_settings


class Pair(BaseModel):
    name: str = Field(description="名称")
    amount: float


MESSAGES = [{"role": "user", "content": "合计\t12.5"}]
GOOD = json.dumps({"name": "合计", "amount": 12.5}, ensure_ascii=False)


def provider(endpoint: Endpoint, tmp_path: Path, **settings) -> OpenAIProvider:
    settings = {"mode": "json_schema", "backoff": 0.01, "cache_dir": tmp_path / "cache", **settings}
    return OpenAIProvider(load_config(tmp_path / "none.toml", base_url=endpoint.base_url, model="test-model", **settings))


def test_json_schema_request_shape(tmp_path, monkeypatch):
    monkeypatch.setenv("EXTRACTOR_LLM_API_KEY", "sk-secret-test")
    with Endpoint(lambda body, n: Reply(content=GOOD)) as ep:
        result = provider(ep, tmp_path, max_tokens=300).infer(Pair, MESSAGES)
    assert result.value.model_dump() == {"name": "合计", "amount": 12.5}
    body = ep.requests[0]
    assert body["model"] == "test-model" and body["messages"] == MESSAGES
    assert body["max_tokens"] == 300 and body["temperature"] == 0.0
    assert body["response_format"] == {"type": "json_schema", "json_schema": {"name": "Pair", "schema": Pair.model_json_schema()}}
    assert "tools" not in body
    # the key travels in the header only
    assert ep.headers[0]["authorization"] == "Bearer sk-secret-test"
    assert "sk-secret-test" not in json.dumps(body)


def test_tools_request_shape(tmp_path):
    with Endpoint(lambda body, n: Reply(content=GOOD)) as ep:
        provider(ep, tmp_path, mode="tools").infer(Pair, MESSAGES)
    body = ep.requests[0]
    assert body["tools"][0]["type"] == "function"
    assert body["tools"][0]["function"]["name"] == "Pair"
    assert body["tools"][0]["function"]["parameters"]["properties"].keys() == {"name", "amount"}
    assert body["tool_choice"] == {"type": "function", "function": {"name": "Pair"}}
    assert "response_format" not in body


def test_md_json_puts_schema_in_prompt(tmp_path):
    with Endpoint(lambda body, n: Reply(content=GOOD)) as ep:
        assert provider(ep, tmp_path, mode="md_json").infer(Pair, MESSAGES).value.amount == 12.5
    body = ep.requests[0]
    assert "response_format" not in body and "tools" not in body
    assert '"amount"' in body["messages"][0]["content"]  # the schema, in the system message


def test_429_then_success_is_retried_and_counted(tmp_path):
    script = lambda body, n: Reply(status=429, headers={"Retry-After": "0"}) if n == 1 else Reply(content=GOOD)  # noqa: E731
    with Endpoint(script) as ep:
        result = provider(ep, tmp_path).infer(Pair, MESSAGES)
    assert result.value.name == "合计"
    assert result.usage.requests == 2 and len(ep.requests) == 2
    assert result.usage.prompt_tokens == 100  # the 429 carried no usage


def test_server_errors_are_retried_a_bounded_number_of_times(tmp_path):
    with Endpoint(lambda body, n: Reply(status=500)) as ep:
        with pytest.raises(InferenceError) as err:
            provider(ep, tmp_path, max_retries=2).infer(Pair, MESSAGES)
    assert err.value.kind is FailureKind.http and err.value.status == 500
    assert err.value.attempts == 3 == len(ep.requests)


def test_a_closed_port_opens_the_breaker_and_later_requests_are_not_sent(tmp_path, caplog):
    url = closed_url()
    p = OpenAIProvider(load_config(tmp_path / "none.toml", base_url=url, model="m", mode="json_schema",
                                   backoff=0.01, max_retries=6, cache=False))
    with pytest.raises(InferenceError) as first:
        p.infer(Pair, MESSAGES)
    # BREAKER_FAILURES refused connections, not the seven attempts the retries allow
    assert first.value.kind is FailureKind.http and first.value.attempts == BREAKER_FAILURES
    assert "APIConnectionError" in str(first.value)
    for _ in range(2):
        with pytest.raises(InferenceError) as later:
            p.infer(Pair, MESSAGES)
        assert later.value.kind is FailureKind.unreachable and later.value.attempts == 0
        assert f"{url} refused {BREAKER_FAILURES} connections in a row" in str(later.value)
    warned = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert len(warned) == 1 and "the remaining tables keep the rules reading" in warned[0]


def test_an_endpoint_that_never_answers_opens_the_breaker(tmp_path, caplog):
    """Connections accepted, no answer within the timeout: BREAKER_FAILURES timeouts, not timeout x retries per table."""
    with Endpoint(lambda body, n: Reply(content=GOOD, delay=3)) as ep:
        p = provider(ep, tmp_path, timeout=0.2, max_retries=6, cache=False)
        with pytest.raises(InferenceError) as first:
            p.infer(Pair, MESSAGES)
        assert first.value.kind is FailureKind.timeout and first.value.attempts == BREAKER_FAILURES
        for _ in range(3):
            with pytest.raises(InferenceError) as later:
                p.infer(Pair, MESSAGES)
            assert later.value.kind is FailureKind.unreachable and later.value.attempts == 0
            assert f"left {BREAKER_FAILURES} requests in a row unanswered" in str(later.value)
    assert len(ep.requests) == BREAKER_FAILURES
    warned = [r.getMessage() for r in caplog.records if "unanswered" in r.getMessage()]
    assert len(warned) == 1 and "the remaining tables keep the rules reading" in warned[0]


def test_one_slow_answer_between_timeouts_resets_the_count(tmp_path):
    """Timeouts apart by an answer are a slow endpoint, not a dead one: the breaker stays closed."""
    script = lambda body, n: Reply(content=GOOD, delay=0 if n % BREAKER_FAILURES == 0 else 3)  # noqa: E731
    with Endpoint(script) as ep:
        p = provider(ep, tmp_path, timeout=0.2, max_retries=BREAKER_FAILURES, cache=False)
        for _ in range(2):
            assert p.infer(Pair, MESSAGES).value.amount == 12.5
    assert len(ep.requests) == 2 * BREAKER_FAILURES


def test_server_errors_do_not_open_the_breaker(tmp_path):
    """An endpoint that answers, even with errors, is there: every request goes through its retries."""
    with Endpoint(lambda body, n: Reply(status=503)) as ep:
        p = provider(ep, tmp_path, max_retries=BREAKER_FAILURES)
        for _ in range(2):
            with pytest.raises(InferenceError) as err:
                p.infer(Pair, MESSAGES)
            assert err.value.kind is FailureKind.http and err.value.attempts == BREAKER_FAILURES + 1
    assert len(ep.requests) == 2 * (BREAKER_FAILURES + 1)


def test_invalid_json_is_reasked_then_reported_with_the_last_answer(tmp_path):
    with Endpoint(lambda body, n: Reply(content='{"name": "合计", "amount": 12.5')) as ep:
        with pytest.raises(InferenceError) as err:
            provider(ep, tmp_path, max_reasks=1).infer(Pair, MESSAGES)
    assert err.value.kind is FailureKind.invalid_json
    assert err.value.attempts == 2 == len(ep.requests)
    assert err.value.last_response == '{"name": "合计", "amount": 12.5'
    # usage is summed over every attempt
    assert err.value.usage.prompt_tokens == 200 and err.value.usage.completion_tokens == 20
    # the re-ask tells the model what was wrong
    assert len(ep.requests[1]["messages"]) > len(ep.requests[0]["messages"])


def test_schema_failure_then_valid_answer(tmp_path):
    script = lambda body, n: Reply(content='{"name": "合计", "amount": "很多"}') if n == 1 else Reply(content=GOOD)  # noqa: E731
    with Endpoint(script) as ep:
        result = provider(ep, tmp_path, max_reasks=1).infer(Pair, MESSAGES)
    assert result.value.amount == 12.5 and result.usage.requests == 2
    assert result.usage.prompt_tokens == 200


def test_schema_failure_is_reported(tmp_path):
    with Endpoint(lambda body, n: Reply(content='{"name": "合计"}')) as ep:
        with pytest.raises(InferenceError) as err:
            provider(ep, tmp_path, max_reasks=0).infer(Pair, MESSAGES)
    assert err.value.kind is FailureKind.schema and err.value.attempts == 1


def test_truncated_answer_is_retried_with_a_larger_budget(tmp_path):
    script = lambda body, n: Reply(content='{"name": "合', finish_reason="length") if n == 1 else Reply(content=GOOD)  # noqa: E731
    with Endpoint(script) as ep:
        result = provider(ep, tmp_path, max_tokens=100, max_tokens_cap=400).infer(Pair, MESSAGES)
    assert result.value.name == "合计"
    assert [r["max_tokens"] for r in ep.requests] == [100, 200]


def test_always_truncated_stops_at_the_cap(tmp_path):
    with Endpoint(lambda body, n: Reply(content='{"name": "合', finish_reason="length")) as ep:
        with pytest.raises(InferenceError) as err:
            provider(ep, tmp_path, max_tokens=100, max_tokens_cap=400).infer(Pair, MESSAGES)
    assert err.value.kind is FailureKind.truncated
    assert [r["max_tokens"] for r in ep.requests] == [100, 200, 400]


LOOP = '{"indicators": [' + ', '.join(['{"level3": "服务对象满意度指标 (必填)", "value": "≥90%"}'] * 12)


def test_a_looping_answer_is_a_runaway_not_retried_with_a_larger_budget(tmp_path):
    with Endpoint(lambda body, n: Reply(content=LOOP, finish_reason="length")) as ep:
        with pytest.raises(InferenceError) as err:
            provider(ep, tmp_path, max_tokens=100, max_tokens_cap=400).infer(Pair, MESSAGES)
    assert err.value.kind is FailureKind.runaway and "repeating itself" in str(err.value)
    assert [r["max_tokens"] for r in ep.requests] == [100]
    assert err.value.last_response == LOOP


def test_runaway_needs_the_same_long_tail_thrice():
    assert is_runaway(LOOP)
    honest = '{"lines": [' + ', '.join(f'{{"code": "21301{i:02d}", "name": "行政运行", "total": null, "basic": null, "project": null}}'
                                       for i in range(30))
    assert not is_runaway(honest)  # rows share keys and nulls, never 200 characters
    assert not is_runaway(LOOP[:250]) and not is_runaway(None)


def test_slow_responses_time_out_after_bounded_retries(tmp_path):
    with Endpoint(lambda body, n: Reply(content=GOOD, delay=1.5)) as ep:
        with pytest.raises(InferenceError) as err:
            provider(ep, tmp_path, timeout=0.3, max_retries=1).infer(Pair, MESSAGES)
    assert err.value.kind is FailureKind.timeout
    assert len(ep.requests) == 2


def test_rejected_request_format_falls_back_to_md_json(tmp_path):
    script = lambda body, n: Reply(status=400) if "tools" in body else Reply(content=GOOD)  # noqa: E731
    with Endpoint(script) as ep:
        p = provider(ep, tmp_path, mode="tools")
        assert p.infer(Pair, MESSAGES).value.amount == 12.5
    assert p.mode is RequestMode.md_json
    assert "tools" in ep.requests[0] and "tools" not in ep.requests[1]


def test_bad_key_is_refused_without_retries(tmp_path):
    with Endpoint(lambda body, n: Reply(status=401)) as ep:
        with pytest.raises(InferenceError) as err:
            provider(ep, tmp_path, mode="md_json").infer(Pair, MESSAGES)
    assert err.value.kind is FailureKind.refused and len(ep.requests) == 1


def test_second_identical_request_comes_from_the_cache(tmp_path):
    with Endpoint(lambda body, n: Reply(content=GOOD)) as ep:
        first = provider(ep, tmp_path).infer(Pair, MESSAGES)
        again = provider(ep, tmp_path).infer(Pair, MESSAGES)  # a new run: new provider, same cache folder
        other = provider(ep, tmp_path).infer(Pair, [{"role": "user", "content": "合计\t13"}])
    assert not first.cached and again.cached and not other.cached
    assert again.value.model_dump() == first.value.model_dump() and again.usage.requests == 0
    assert len(ep.requests) == 2
    cached = next((tmp_path / "cache").rglob("*.json")).read_text(encoding="utf-8")
    assert "sk-" not in cached and "Bearer" not in cached


def test_cache_can_be_turned_off(tmp_path):
    with Endpoint(lambda body, n: Reply(content=GOOD)) as ep:
        provider(ep, tmp_path, cache=False).infer(Pair, MESSAGES)
        provider(ep, tmp_path, cache=False).infer(Pair, MESSAGES)
    assert len(ep.requests) == 2


def test_config_precedence_flags_over_env_over_file(tmp_path, monkeypatch):
    config = tmp_path / "extract.toml"
    config.write_text('[llm]\nbase_url = "https://api.deepseek.com/v1"\nmodel = "deepseek-chat"\nconcurrency = 2\ntimeout = 30\n',
                      encoding="utf-8")
    monkeypatch.setenv("EXTRACTOR_LLM_CONCURRENCY", "3")
    settings = load_config(config, model="deepseek-reasoner")
    assert settings.base_url == "https://api.deepseek.com/v1"  # file
    assert settings.timeout == 30  # file
    assert settings.concurrency == 3  # env over file
    assert settings.model == "deepseek-reasoner"  # flag over file
    assert settings.resolved_mode is RequestMode.json  # a thinking model takes no forced tool call


def test_api_key_only_from_the_named_variable(tmp_path, monkeypatch):
    config = tmp_path / "extract.toml"
    config.write_text('[llm]\napi_key_env = "DASHSCOPE_API_KEY"\n', encoding="utf-8")
    monkeypatch.setenv("DASHSCOPE_API_KEY", "sk-dash")
    assert load_config(config).api_key == "sk-dash"
    assert "sk-dash" not in load_config(config).model_dump_json()


def test_config_in_the_working_directory_is_read_only_when_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    planted = Path("extract.toml")
    planted.write_text('[llm]\nbase_url = "https://evil.example/v1"\nmodel = "m"\napi_key_env = "HOME"\n', encoding="utf-8")
    assert find_config() == (None, False)
    assert not load_config().configured  # nothing named: no endpoint, rules only
    assert load_config(planted).base_url == "https://evil.example/v1"  # --config extract.toml
    monkeypatch.setenv("EXTRACTOR_CONFIG", str(planted))
    assert find_config() == (planted, True) and load_config().configured


def test_the_users_own_config_file_is_the_default(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    own = user_config_file()
    assert own == tmp_path / "xdg" / "extract" / "extract.toml"
    assert find_config() == (None, False)  # no file: none read
    own.parent.mkdir(parents=True)
    own.write_text('[llm]\nbase_url = "http://127.0.0.1:8080/v1"\nmodel = "any"\n', encoding="utf-8")
    assert find_config() == (own, False)
    assert load_config().base_url == "http://127.0.0.1:8080/v1"
    assert find_config(tmp_path / "other.toml") == (tmp_path / "other.toml", True)  # --config wins


def test_llm_settings_are_given_by_an_llm_variable_or_table(tmp_path, monkeypatch):
    for name in [n for n in os.environ if n.startswith("EXTRACTOR_LLM_")]:
        monkeypatch.delenv(name)
    config = tmp_path / "extract.toml"
    assert not llm_settings_given(None) and not llm_settings_given(config)  # no file
    config.write_text('[run]\nflag_below = 0.7\n', encoding="utf-8")
    assert not llm_settings_given(config)  # a [run] table only: a rules run
    config.write_text('[run]\nflag_below = 0.7\n[llm]\nmodel = "m"\n', encoding="utf-8")
    assert llm_settings_given(config)
    config.write_text('[llm\n', encoding="utf-8")
    assert llm_settings_given(config)  # malformed: read, so that the error is said
    config.unlink()
    monkeypatch.setenv("EXTRACTOR_LLM_MODEL", "m")
    assert llm_settings_given(None)


def test_redact_masks_remembered_secrets_and_url_credentials():
    remember("sk-redact-test-123456", "", None, "no-key", "abc")  # the last three are no secrets
    text = "401 for sk-redact-test-123456 at https://bob:hunter2@llm.example/v1 (abc, no-key)"
    assert redact(text) == "401 for *** at https://***@llm.example/v1 (abc, no-key)"
    assert redact("http://user@host:1/v1 and ftp://a:b@c") == "http://***@host:1/v1 and ftp://***@c"
    assert redact("mail bob@example.org, see https://example.org/@user") == "mail bob@example.org, see https://example.org/@user"


def test_a_key_echoed_by_the_endpoint_is_redacted(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("EXTRACTOR_LLM_API_KEY", "sk-echoed-secret-987")
    with Endpoint(lambda body, n: Reply(status=401, echo_auth=True)) as ep:
        with pytest.raises(InferenceError) as err:
            provider(ep, tmp_path).infer(Pair, MESSAGES)
    assert ep.headers[0]["authorization"] == "Bearer sk-echoed-secret-987"  # the server did get it...
    assert len(ep.requests) == 2 and "switching to md_json" in caplog.text and "invalid credentials" in caplog.text
    # ...and the error, the mode-switch warning and the last answer do not show it
    assert "invalid credentials 'Bearer ***'" in str(err.value)
    assert "sk-echoed-secret-987" not in str(err.value) + caplog.text + (err.value.last_response or "")


@pytest.mark.parametrize("url, mode", [
    ("https://api.openai.com/v1", RequestMode.tools),
    ("https://api.deepseek.com/v1", RequestMode.tools),
    ("https://dashscope.aliyuncs.com/compatible-mode/v1", RequestMode.tools),
    ("http://127.0.0.1:8080/v1", RequestMode.json_schema),  # llama.cpp
    ("http://localhost:11434/v1", RequestMode.json_schema),  # Ollama
    ("http://vllm:8000/v1", RequestMode.json_schema),  # vLLM on a private host
    ("http://172.20.0.5:8000/v1", RequestMode.json_schema),  # a private address in 172.16/12
    ("http://192.168.1.20:8000/v1", RequestMode.json_schema),
    ("http://[::1]:8080/v1", RequestMode.json_schema),
    ("http://172.32.0.5:8000/v1", RequestMode.md_json),  # a public address beside that range
    ("https://llm.example.org/v1", RequestMode.md_json),
])
def test_mode_per_endpoint(url, mode):
    assert auto_mode(url) is mode


@pytest.mark.parametrize("url, model, mode, limit", [
    ("https://api.deepseek.com/v1", "deepseek-chat", RequestMode.tools, TokenLimit.max_tokens),
    ("https://api.deepseek.com/v1", "deepseek-reasoner", RequestMode.json, TokenLimit.max_tokens),
    ("https://api.openai.com/v1", "gpt-4o-mini", RequestMode.tools, TokenLimit.max_tokens),
    ("https://api.openai.com/v1", "o3-mini", RequestMode.tools, TokenLimit.max_completion_tokens),
    ("https://api.openai.com/v1", "gpt-5", RequestMode.tools, TokenLimit.max_completion_tokens),
    ("http://127.0.0.1:8080/v1", "o3-mini", RequestMode.json_schema, TokenLimit.max_tokens),  # a local server's own name
])
def test_thinking_models_get_their_mode_and_budget_field_up_front(url, model, mode, limit):
    settings = load_config(None, base_url=url, model=model)
    assert settings.resolved_mode is mode and settings.resolved_token_limit is limit


def test_json_mode_and_max_completion_tokens_reach_the_wire(tmp_path):
    with Endpoint(lambda body, n: Reply(content=GOOD)) as ep:
        answer = provider(ep, tmp_path, mode="json", token_limit="max_completion_tokens").infer(Pair, MESSAGES)
        (body,) = ep.requests
    assert answer.value.amount == 12.5
    assert body["response_format"] == {"type": "json_object"} and "tools" not in body
    assert body["max_completion_tokens"] == 2048 and "max_tokens" not in body


def test_embedded_model_defaults_yield_to_what_the_user_set(tmp_path, monkeypatch):
    monkeypatch.setenv("EXTRACTOR_LLM_TIMEOUT", "30")
    settings = embedded_settings(load_config(tmp_path / "none.toml", max_tokens=4096), "http://127.0.0.1:9/v1")
    assert (settings.timeout, settings.max_tokens) == (30.0, 4096)  # the user's, from the environment and a flag
    assert settings.max_tokens_cap == 4096
    assert settings.mode is RequestMode.tools and settings.resolved_mode is RequestMode.tools
    assert settings.model == MODEL_ALIAS and settings.endpoint_id == "embedded"  # the cache survives a new port
    monkeypatch.delenv("EXTRACTOR_LLM_TIMEOUT")
    defaults = embedded_settings(load_config(tmp_path / "none.toml"), "http://127.0.0.1:9/v1")
    assert (defaults.timeout, defaults.max_tokens, defaults.max_tokens_cap, defaults.concurrency) == (600.0, 1024, 2048, 1)
