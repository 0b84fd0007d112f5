"""The report as an A4 PDF, laid out by WeasyPrint from the report's HTML with its print rules.

WeasyPrint fetches nothing over the network: its URL fetcher here serves ``data:`` URLs and
files under the report's own folders (the templates, the packaged CJK font) and refuses the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import HTML
from weasyprint.urls import URLFetcher

from .formatting import TEMPLATES, cjk_font_path

__all__ = ["LocalOnlyFetcher", "html_to_pdf"]


class LocalOnlyFetcher(URLFetcher):
    """Fetches ``data:`` URLs and files under ``roots``; raises ValueError for anything else."""

    def __init__(self, roots: Iterable[Path]) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, timeout=1)
        self.roots = tuple(Path(root).resolve() for root in roots)

    def is_allowed(self, url: str) -> bool:
        """Whether ``url`` is a data: URL or a file under one of the roots."""
        scheme = url.partition(":")[0].lower()
        if scheme == "data":
            return True
        if scheme != "file":
            return False
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return False
        path = Path(url2pathname(parts.path)).resolve()
        return any(path == root or root in path.parents for root in self.roots)

    def fetch(self, url, headers=None):
        if not self.is_allowed(url):
            raise ValueError(f"refused to fetch {url!r}: a report uses only its own files and data: URLs")
        return super().fetch(url, headers)


def html_to_pdf(html: str) -> bytes:
    """Lay out the report's print HTML on A4 pages and return the PDF."""
    fetcher = LocalOnlyFetcher([TEMPLATES, cjk_font_path().parent])
    document = HTML(string=html, base_url=TEMPLATES.as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf()
