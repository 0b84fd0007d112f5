"""Domain errors: what went wrong in terms of the domain, never in terms of HTTP."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class DomainError(Exception):
    """Base of every error the domain raises on purpose."""

    title = "请求无法完成"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(DomainError):
    """The thing asked for does not exist, or the caller may not know it exists."""

    title = "未找到"


class Conflict(DomainError):
    """The request clashes with the current state (a duplicate, a stale version)."""

    title = "与当前状态冲突"


class InvalidTransition(Conflict):
    """A stage or status change that the state machine does not allow."""

    title = "不允许的状态变更"


class Forbidden(DomainError):
    """The caller is known but not allowed to do this."""

    title = "无权执行此操作"


class InvalidInput(DomainError):
    """Input that passed the schema but breaks a domain rule, keyed by field path."""

    title = "输入有误"

    def __init__(self, errors: Mapping[str, Sequence[str]]) -> None:
        super().__init__("；".join(f"{k}：{'，'.join(v)}" for k, v in errors.items()))
        self.errors = {k: list(v) for k, v in errors.items()}


class LockedOut(DomainError):
    """Too many failed logins for a username: no attempt is checked until the lock ends."""

    title = "登录已暂时锁定"

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"该账号连续登录失败次数过多，已暂时锁定，请 {retry_after} 秒后再试")
        self.retry_after = retry_after
