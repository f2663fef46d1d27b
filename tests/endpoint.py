"""A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions protocol
and misbehaves on request: for the provider's fault and request-shape tests.

`script(request_body, n)` decides each answer (n counts requests from 1); it
returns a Reply. Every request body is kept in `requests` for the tests to read.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable


@dataclass
class Reply:
    status: int = 200
    content: str | None = None  # the answer text; None = a valid minimal answer for the request's schema
    finish_reason: str = "stop"
    delay: float = 0.0
    raw_body: str | None = None  # sent as is instead of a chat completion
    headers: dict = field(default_factory=dict)
    echo_auth: bool = False  # an error body that quotes the request's Authorization header, as careless servers do


def minimal_answer(body: dict) -> dict:
    """The smallest JSON the request's schema accepts (lists empty, optionals null)."""
    schema = _schema_of(body)
    required = schema.get("required", []) if schema else []
    return {name: ([] if schema["properties"][name].get("type") == "array" else "x") for name in required}


def _schema_of(body: dict) -> dict | None:
    if body.get("tools"):
        return body["tools"][0]["function"]["parameters"]
    fmt = body.get("response_format") or {}
    if fmt.get("type") == "json_schema":
        return fmt["json_schema"]["schema"]
    system = body["messages"][0]["content"]
    start = system.find("{")
    depth = 0
    for i, ch in enumerate(system[start:], start):  # the schema instructor put in the system prompt
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth == 0:
            return json.loads(system[start : i + 1])
    return None


def completion(body: dict, reply: Reply) -> dict:
    content = reply.content if reply.content is not None else json.dumps(minimal_answer(body), ensure_ascii=False)
    message: dict = {"role": "assistant", "content": content}
    if body.get("tools"):
        name = body["tools"][0]["function"]["name"]
        message = {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": name, "arguments": content}}]}
    elif not body.get("response_format"):
        message["content"] = f"```json\n{content}\n```"
    return {
        "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": body.get("model", "m"),
        "choices": [{"index": 0, "message": message, "finish_reason": reply.finish_reason}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 10, "total_tokens": 110},
    }


class Endpoint:
    def __init__(self, script: Callable[[dict, int], Reply] = lambda body, n: Reply()):
        self.script = script
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        self._lock = threading.Lock()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep pytest output clean
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with endpoint._lock:
                    endpoint.requests.append(body)
                    endpoint.headers.append({k.lower(): v for k, v in self.headers.items()})
                    n = len(endpoint.requests)
                reply = endpoint.script(body, n)
                time.sleep(reply.delay)
                if reply.raw_body is not None or reply.status != 200:
                    message = f"status {reply.status}"
                    if reply.echo_auth:
                        message += f": invalid credentials {self.headers.get('Authorization')!r}"
                    payload = reply.raw_body or json.dumps({"error": {"message": message, "type": "test"}})
                else:
                    payload = json.dumps(completion(body, reply), ensure_ascii=False)
                data = payload.encode("utf-8")
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (timeout tests)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> "Endpoint":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def closed_url() -> str:
    """A base URL on 127.0.0.1 where nothing listens: a port the system handed out, then closed again,
    so that connections to it are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"
