"""Industry chains (产业链): upstream → downstream links between GB/T 4754 codes."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class ChainLink(Base):
    """One link of a named chain: `upstream` supplies `downstream`."""

    __tablename__ = "chain_links"

    chain: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    upstream: Mapped[str] = mapped_column(sa.ForeignKey("industries.code"), primary_key=True)
    downstream: Mapped[str] = mapped_column(sa.ForeignKey("industries.code"), primary_key=True)
