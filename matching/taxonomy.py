"""Reading a :class:`~matching.types.Taxonomy` from the files the product ships.

The industry and district tables are CSV (``code,name,...``) and the industry chains are JSON
(``{"chains": [{"name": ..., "links": [[upstream, downstream], ...]}, ...]}``). The web app
builds its taxonomy from the database instead; batch jobs, tests and benchmarks use these.

Examples
--------
>>> import json, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "chains.json").write_text(json.dumps(
...     {"chains": [{"name": "智能电气", "links": [["C383", "C3823"], ["C3824", "C3823"]]}]}))
>>> read_chain_links(folder / "chains.json")
(('C383', 'C3823'), ('C3824', 'C3823'))
"""

from __future__ import annotations

import csv
import json
from os import PathLike
from pathlib import Path

from .types import Taxonomy

__all__ = ["load_taxonomy", "read_chain_links", "read_chains", "read_names"]


def read_names(path: str | PathLike[str]) -> dict[str, str]:
    """``code -> name`` from a UTF-8 CSV with ``code`` and ``name`` columns."""
    with Path(path).open(encoding="utf-8", newline="") as f:
        return {row["code"].strip(): row["name"].strip() for row in csv.DictReader(f)}


def read_chains(path: str | PathLike[str]) -> dict[str, tuple[tuple[str, str], ...]]:
    """``chain name -> (upstream, downstream) links`` from an industry-chain JSON file."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {
        chain["name"]: tuple((str(a), str(b)) for a, b in chain["links"]) for chain in data["chains"]
    }


def read_chain_links(path: str | PathLike[str]) -> tuple[tuple[str, str], ...]:
    """Every link of every chain in an industry-chain JSON file, duplicates dropped, in file order."""
    return tuple(dict.fromkeys(link for links in read_chains(path).values() for link in links))


def load_taxonomy(
    industries_csv: str | PathLike[str],
    districts_csv: str | PathLike[str],
    chains_json: str | PathLike[str] | None = None,
) -> Taxonomy:
    """A taxonomy from the industry and district CSV files and, optionally, the chains JSON."""
    return Taxonomy(
        industry_names=read_names(industries_csv),
        district_names=read_names(districts_csv),
        chain_links=read_chain_links(chains_json) if chains_json is not None else (),
    )
