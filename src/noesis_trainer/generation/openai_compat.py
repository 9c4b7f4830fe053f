"""`OpenAICompatGenerator`: a `TextGenerator` over any OpenAI-compatible chat-completions server
(llama.cpp / llama-cpp-python, vLLM, Ollama, OpenAI itself...).

Standard library only (urllib): no extra dependency for a POST of JSON. Conversations are sent
one request each, optionally several at a time (`concurrency`); transient failures (connection
errors, 429 and 5xx) are retried with exponential backoff; other HTTP errors raise
`GenerationError` with the status and the server's message.

The server is not trusted: redirects are refused (the API key must not follow them to another
host), a reply is read up to `max_reply_bytes` and within `timeout_s` in total (not per read: a
server trickling a byte a second still times out), the API key is masked in every reply and
error (as is, URL-encoded, base64), terminal escape sequences are removed from answers, and a
reply whose content is not text (null, a number) is an error, not an empty answer.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from noesis_trainer.errors import NoesisError
from noesis_trainer.generation.base import Conversation
from noesis_trainer.untrusted import mask, strip_terminal_controls

RETRYABLE_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})


class GenerationError(NoesisError, RuntimeError):
    """The server refused or failed a request (after retries, where retrying made sense)."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # urllib then raises HTTPError(30x), reported with its Location


_OPENER = urllib.request.build_opener(_NoRedirect)
DEFAULT_MAX_REPLY_BYTES = 16 * 1024 * 1024


class OpenAICompatGenerator:
    """POSTs ``{base_url}/chat/completions``; `base_url` usually ends in ``/v1``."""

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str | None = None,
        timeout_s: float = 120.0,
        max_retries: int = 2,
        backoff_s: float = 0.5,
        concurrency: int = 1,
        extra_body: dict[str, Any] | None = None,
        max_reply_bytes: int = DEFAULT_MAX_REPLY_BYTES,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"base_url must start with http:// or https://, got {base_url!r}")
        if concurrency < 1:
            raise ValueError("concurrency must be >= 1")
        if not timeout_s > 0:
            raise ValueError(f"timeout must be above 0 seconds, got {timeout_s}")
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key = api_key if api_key is not None else os.environ.get("OPENAI_API_KEY")
        self.timeout_s = timeout_s
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self.concurrency = concurrency
        self.extra_body = dict(extra_body or {})
        self.max_reply_bytes = max_reply_bytes

    def __repr__(self) -> str:
        return f"OpenAICompatGenerator(base_url={self.base_url!r}, model={self.model!r})"

    def generate(
        self,
        conversations: Sequence[Conversation],
        *,
        max_new_tokens: int = 256,
        temperature: float = 0.0,
        seed: int | None = None,
    ) -> list[str]:
        def one(conversation: Conversation) -> str:
            body: dict[str, Any] = {
                "model": self.model,
                "messages": [{"role": m["role"], "content": m["content"]} for m in conversation],
                "max_tokens": max_new_tokens,
                "temperature": temperature,
                **self.extra_body,
            }
            if seed is not None:
                body["seed"] = seed
            return self._complete(body)

        if self.concurrency == 1 or len(conversations) <= 1:
            return [one(c) for c in conversations]
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            return list(pool.map(one, conversations))

    def _complete(self, body: dict[str, Any]) -> str:
        url = f"{self.base_url}/chat/completions"
        data = json.dumps(body).encode("utf-8")
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        last: Exception | None = None
        for attempt in range(self.max_retries + 1):
            request = urllib.request.Request(url, data=data, headers=headers, method="POST")
            try:
                raw = self._read(request)
                try:
                    payload = json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, ValueError):
                    raise GenerationError(
                        self._clean(f"{url}: the reply is not JSON: {raw[:200]!r}")
                    ) from None
                return self._clean(_content_of(payload, url))
            except urllib.error.HTTPError as err:
                if 300 <= err.code < 400:
                    where = err.headers.get("Location", "?")
                    raise GenerationError(
                        self._clean(
                            f"{url}: HTTP {err.code} redirect to {where}; not followed (the API "
                            "key would go with it): give the final URL as --base-url"
                        )
                    ) from None
                detail = err.read(4096).decode("utf-8", "replace")[:300]
                last = GenerationError(self._clean(f"{url}: HTTP {err.code}: {detail}"))
                if err.code not in RETRYABLE_STATUS:
                    raise last from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as err:
                reason = getattr(err, "reason", err)
                last = GenerationError(self._clean(f"{url}: cannot reach the server ({reason})"))
            if attempt < self.max_retries:
                time.sleep(self.backoff_s * 2**attempt)
        assert last is not None
        raise last

    def _read(self, request: urllib.request.Request) -> bytes:
        """The reply body, within `timeout_s` in total and `max_reply_bytes`."""
        deadline = time.monotonic() + self.timeout_s
        chunks: list[bytes] = []
        size = 0
        with _OPENER.open(request, timeout=self.timeout_s) as response:
            while True:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"no complete reply within {self.timeout_s:g} s")
                chunk = response.read1(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > self.max_reply_bytes:
                    raise GenerationError(
                        f"{request.full_url}: reply larger than {self.max_reply_bytes:,} bytes; "
                        "refused"
                    )
                chunks.append(chunk)
        return b"".join(chunks)

    def _clean(self, text: str) -> str:
        return strip_terminal_controls(mask(text, [self.api_key]))


def _content_of(payload: Any, url: str) -> str:
    """The assistant text of a chat-completions response, or a clear error."""
    try:
        content = payload["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise GenerationError(
            f"{url}: not a chat-completions response (no choices[0].message.content): "
            f"{json.dumps(payload)[:200]}"
        ) from None
    if not isinstance(content, str):
        raise GenerationError(
            f"{url}: choices[0].message.content is {json.dumps(content)[:40]}, not text"
        )
    return content.strip()
