"""Reading and replacing the industry chains."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .chain import ChainLink
from .errors import InvalidInput
from .reference_service import lookups
from .versioning import INVENTORY, bump_version


def list_chains(*, session: Session) -> list[dict]:
    """Every chain with its links, by name."""
    chains: dict[str, list[list[str]]] = {}
    for link in session.scalars(sa.select(ChainLink).order_by(ChainLink.chain, ChainLink.upstream, ChainLink.downstream)):
        chains.setdefault(link.chain, []).append([link.upstream, link.downstream])
    return [{"name": name, "links": links} for name, links in chains.items()]


def replace_chains(chains: Iterable[dict], *, session: Session) -> int:
    """Replace all chains; every code is checked first. Returns the number of links."""
    chains = list(chains)
    known = lookups(session).industries
    errors = {}
    for i, chain in enumerate(chains):
        for j, link in enumerate(chain["links"]):
            for k, code in enumerate(link):
                if code not in known:
                    errors[f"chains.{i}.links.{j}.{k}"] = [f"未知行业代码：{code}"]
            if len(link) == 2 and link[0] == link[1]:
                errors[f"chains.{i}.links.{j}"] = ["上下游不能是同一行业"]
    if errors:
        raise InvalidInput(errors)
    session.execute(sa.delete(ChainLink))
    rows = {(c["name"], up, down) for c in chains for up, down in c["links"]}
    session.add_all(ChainLink(chain=name, upstream=up, downstream=down) for name, up, down in sorted(rows))
    bump_version(INVENTORY, session=session)
    session.flush()
    return len(rows)


def chain_links(*, session: Session) -> tuple[tuple[str, str], ...]:
    """All (upstream, downstream) pairs, for the ranking engine."""
    return tuple((up, down) for up, down in session.execute(sa.select(ChainLink.upstream, ChainLink.downstream).distinct()))
