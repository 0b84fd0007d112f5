"""Users, their roles, and API tokens (kept only as hashes)."""

from __future__ import annotations

import enum
import hashlib
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from .base import Base, UTCDateTime, enum_column_type, utcnow
from .errors import InvalidInput
from .incubator import Incubator

MIN_PASSWORD_LENGTH = 8


class Role(enum.StrEnum):
    admin = "admin"
    promotion = "promotion"
    incubator = "incubator"


# Investment promotion staff and admins: who keeps the inventory, follows matches and runs events.
STAFF = (Role.admin, Role.promotion)


class User(Base):
    """Someone who signs in: an administrator, a promotion staff member or an incubator operator."""

    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint(
            "(role = 'incubator') = (incubator_id IS NOT NULL)", name="incubator_role"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_column_type(Role, "role"))
    incubator_id: Mapped[int | None] = mapped_column(sa.ForeignKey("incubators.id"), index=True)
    email: Mapped[str | None] = mapped_column(sa.String(254))  # where the morning alert digest goes
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped by logout, a password reset or deactivation: every web session stamped with an
    # older value is over, wherever its cookie was saved.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    incubator: Mapped[Incubator | None] = relationship()

    def set_password(self, password: str) -> None:
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InvalidInput({"password": [f"密码至少 {MIN_PASSWORD_LENGTH} 个字符"]})
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class ApiToken(Base):
    """A bearer token; only its SHA-256 is stored, so a leaked table grants nothing."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(lazy="joined")


class LoginFailure(Base):
    """Failed logins for one username (known or not, so a lockout reveals nothing), and its lock."""

    __tablename__ = "login_failures"

    username: Mapped[str] = mapped_column(sa.String(80), primary_key=True)  # casefolded
    failures: Mapped[int] = mapped_column(default=0)
    first_failed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


