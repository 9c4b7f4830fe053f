"""Issue 14 item 7, Hub side: the token in every echoed form, and symlinks out of the folder."""

from __future__ import annotations

import base64
import urllib.parse
from pathlib import Path

import pytest

from noesis_trainer.deploy.hub import upload_list
from tests.hostile.conftest import noesis

TOKEN = "hf_SecretToken/With+Odd=Chars42"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "merged"
    (folder / "sub").mkdir(parents=True)
    (folder / "config.json").write_text("{}", encoding="utf-8")
    (folder / "sub" / "a.txt").write_text("a", encoding="utf-8")
    (folder / "shadow").symlink_to("/etc/passwd")
    (folder / "inside").symlink_to("config.json")
    (tmp_path / "outside.txt").write_text("private", encoding="utf-8")
    (folder / "up").symlink_to("../outside.txt")
    return folder


def test_links_outside_the_folder_are_never_listed(tmp_path: Path) -> None:
    names = [name for name, _ in upload_list(_folder(tmp_path))]
    assert names == ["config.json", "inside", "sub/a.txt"]


def test_dry_run_cli_does_not_list_the_link(tmp_path: Path) -> None:
    ran = noesis("push-to-hub", _folder(tmp_path), "--repo", "me/model", "--dry-run")
    assert ran.code == 0, ran.err
    assert "shadow" not in ran.out and "up " not in ran.out
    assert "would upload 3 files" in ran.out


@pytest.mark.parametrize(
    "form",
    [
        TOKEN,
        urllib.parse.quote(TOKEN, safe=""),
        base64.b64encode(f"Bearer {TOKEN}".encode()).decode(),
        base64.b64encode(f"x:{TOKEN}".encode()).decode(),
    ],
)
def test_an_endpoint_echoing_the_token_never_gets_it_printed(tmp_path: Path, form: str) -> None:
    """A Hub endpoint (a real local HTTP server) that answers with the token, in some form, in
    its error message: the raised message hides it."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Echo(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _answer(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = json.dumps({"error": f"invalid credentials {form}"}).encode()
            self.send_response(401)
            self.send_header("Content-Type", "application/json")
            self.send_header("X-Error-Message", f"invalid credentials {form}")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = _answer

    server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        endpoint = f"http://127.0.0.1:{server.server_address[1]}"
        env: dict[str, str | None] = {
            "HF_ENDPOINT": endpoint,
            "HF_TOKEN": TOKEN,
            "HF_HUB_OFFLINE": None,
            "TRANSFORMERS_OFFLINE": None,
            "HF_HUB_DISABLE_TELEMETRY": "1",
        }
        ran = noesis("push-to-hub", _folder(tmp_path), "--repo", "me/model", env=env)
    finally:
        server.shutdown()
        server.server_close()
    message = ran.out + ran.err
    assert ran.code == 2 and "Traceback" not in message
    assert "invalid credentials " in message and "***" in message  # echoed, masked
    assert TOKEN not in message and form not in message
