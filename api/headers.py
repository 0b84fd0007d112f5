"""Response headers of the API and its docs: no content sniffing, and a content security policy.

JSON and problem+json never need to run or load anything: `default-src 'none'`. The Swagger UI
page loads its scripts and styles from the service itself; its one inline script (the config,
which names the host) is allowed by its hash, computed on the page as it is sent.
"""

from __future__ import annotations

import base64
import hashlib
import re

import marshmallow as ma
from flask import Flask, Response, request

__all__ = ["register_api_headers", "exclusive_bounds"]

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
DOCS_CSP = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
            "object-src 'none'; form-action 'self'")
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def _script_hashes(html: str) -> str:
    digests = (hashlib.sha256(body.encode()).digest() for body in _INLINE_SCRIPT.findall(html))
    return " ".join(f"'sha256-{base64.b64encode(d).decode()}'" for d in digests)


def _api_headers(response: Response) -> Response:
    if not request.path.startswith("/api/"):
        return response
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if response.mimetype == "text/html" and not response.direct_passthrough:
        csp = DOCS_CSP.format(hashes=_script_hashes(response.get_data(as_text=True)))
    else:
        csp = API_CSP
    response.headers.setdefault("Content-Security-Policy", csp)
    return response


def exclusive_bounds(self, field: ma.fields.Field, ret: dict, **kwargs) -> dict:
    """apispec attribute function: a `Range` with an exclusive bound says so (OpenAPI 3.0 style)."""
    out: dict = {}
    for validator in field.validators:
        if isinstance(validator, ma.validate.Range):
            if validator.min is not None and not validator.min_inclusive:
                out["exclusiveMinimum"] = True
            if validator.max is not None and not validator.max_inclusive:
                out["exclusiveMaximum"] = True
    return out


def register_api_headers(app: Flask) -> None:
    """nosniff and a CSP on every answer under /api/ (the staff pages set their own)."""
    app.after_request(_api_headers)
