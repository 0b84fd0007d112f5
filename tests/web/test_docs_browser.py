"""The API docs page runs under its content security policy in a real browser (issue 22 item 10).

Swagger UI's one inline script is allowed by its hash; nothing else inline, nothing from
elsewhere. A violation would leave the page blank and log a CSP error.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("browser tests need Debian's Chromium at /usr/bin/chromium", allow_module_level=True)

from playwright.sync_api import expect, sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from matchmaker import create_app  # noqa: E402

SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "web"


def test_the_docs_page_renders_under_its_csp(tmp_path):
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'docs.sqlite3'}", "SECRET_KEY": "docs-test"})
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    messages: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM))
            page = browser.new_page()
            page.on("console", lambda message: messages.append(message.text))
            response = page.goto(f"http://127.0.0.1:{httpd.server_port}/api/v1/docs/")
            assert "Content-Security-Policy" in response.headers or "content-security-policy" in response.headers
            expect(page.locator(".opblock").first).to_be_visible(timeout=15_000)  # the operations are listed
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "api-docs.png"))
            browser.close()
    finally:
        httpd.shutdown()
        thread.join()
    assert not [m for m in messages if "Content Security Policy" in m], messages
