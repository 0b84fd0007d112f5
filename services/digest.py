"""The morning digest of alerts: as text, markdown, a workbook, mail to each owner, and a robot webhook post."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import smtplib
import ssl
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from email.message import EmailMessage
from email.utils import formataddr
from typing import Any

from models.labels import ALERT_KIND_NAMES, ALERT_SEVERITY_NAMES

from .alerts import Alert
from .sheets import SheetColumn, sheet_xlsx

__all__ = ["ALERT_COLUMNS", "alerts_xlsx", "digest_markdown", "digest_text", "group_by_owner", "post_webhook",
           "robot_payload", "send_digests"]

ALERT_COLUMNS = (
    SheetColumn("级别", lambda a: ALERT_SEVERITY_NAMES[a.severity], width=8),
    SheetColumn("类型", lambda a: ALERT_KIND_NAMES[a.kind], width=16),
    SheetColumn("项目", lambda a: a.project.name, width=24),
    SheetColumn("孵化器", lambda a: a.project.incubator.name, width=20),
    SheetColumn("落地空间", lambda a: a.match.offer.site.name if a.match else "", width=20),
    SheetColumn("面积（㎡）", lambda a: a.match.area if a.match else None, "area", 12),
    SheetColumn("负责人", lambda a: a.owner.username if a.owner else "", width=12),
    SheetColumn("起始日期", lambda a: a.since, "date", 12),
    SheetColumn("预警日期", lambda a: a.due, "date", 12),
    SheetColumn("说明", lambda a: a.message, width=60),
)


def _title(today: date, owner: str | None = None) -> str:
    return f"招商督办日报（{today.isoformat()}）" + (f"：{owner}" if owner else "")


def _summary(alerts: Sequence[Alert]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for alert in alerts:
        counts[alert.kind] += 1
    parts = "，".join(f"{ALERT_KIND_NAMES[k]} {n} 条" for k, n in counts.items())
    return f"共 {len(alerts)} 条预警" + (f"：{parts}" if parts else "")


def digest_text(alerts: Sequence[Alert], *, today: date, owner: str | None = None) -> str:
    """The digest as plain Chinese text, one line per alert."""
    lines = [_title(today, owner), _summary(alerts), ""]
    for i, alert in enumerate(alerts, start=1):
        who = f"（负责人：{alert.owner.username}）" if alert.owner else "（未指定负责人）"
        lines.append(f"{i}. 【{ALERT_SEVERITY_NAMES[alert.severity]}·{ALERT_KIND_NAMES[alert.kind]}】{alert.message}{who}")
    if not alerts:
        lines.append("今日没有需要督办的事项。")
    return "\n".join(lines) + "\n"


def digest_markdown(alerts: Sequence[Alert], *, today: date, owner: str | None = None, limit: int = 50) -> str:
    """The digest as robot markdown (a heading, a summary, one list item per alert, at most `limit`)."""
    lines = [f"### {_title(today, owner)}", "", f"**{_summary(alerts)}**", ""]
    for alert in alerts[:limit]:
        who = f" — {alert.owner.username}" if alert.owner else ""
        lines.append(f"- **{ALERT_KIND_NAMES[alert.kind]}**：{alert.message}{who}")
    if len(alerts) > limit:
        lines.append(f"- ……另有 {len(alerts) - limit} 条，请在督办页面查看")
    if not alerts:
        lines.append("今日没有需要督办的事项。")
    return "\n".join(lines)


def alerts_xlsx(alerts: Sequence[Alert], *, today: date, caption: str = "") -> bytes:
    """The alerts as a one-sheet workbook."""
    return sheet_xlsx("督办预警", ALERT_COLUMNS, alerts, caption=caption or _title(today))


def group_by_owner(alerts: Sequence[Alert]) -> dict[Any, list[Alert]]:
    """Alerts per owner (a `User`), in their order; alerts without an owner under None."""
    groups: dict[Any, list[Alert]] = defaultdict(list)
    for alert in alerts:
        groups[alert.owner].append(alert)
    return dict(groups)


def _smtp(url: str) -> smtplib.SMTP:
    """An SMTP connection from `smtp://user:password@host:port` (STARTTLS whenever offered) or `smtps://…`.

    `?cafile=PATH` trusts a private certificate authority besides the system's.
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError("MATCHMAKER_SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465")
    query = urllib.parse.parse_qs(parts.query)
    context = ssl.create_default_context(cafile=(query.get("cafile") or [None])[0])
    if parts.scheme == "smtps":
        server: smtplib.SMTP = smtplib.SMTP_SSL(parts.hostname, parts.port or 465, context=context, timeout=30)
    else:
        server = smtplib.SMTP(parts.hostname, parts.port or 25, timeout=30)
        server.ehlo()
        if server.has_extn("starttls"):
            server.starttls(context=context)
            server.ehlo()
    if parts.username:
        server.login(urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or ""))
    return server


def send_digests(
    alerts: Sequence[Alert], *, smtp_url: str, sender: str, today: date, unowned_to: str | None = None,
) -> tuple[list[tuple[str, int]], list[str]]:
    """Mail each owner with an address their own alerts (the unowned ones to `unowned_to`).

    Returns what was sent (address, number of alerts) and whom it could not reach.
    """
    messages, skipped = [], []
    for owner, own in group_by_owner(alerts).items():
        address = owner.email if owner is not None else unowned_to
        name = owner.username if owner is not None else "未指定负责人"
        if not address:
            skipped.append(name)
            continue
        message = EmailMessage()
        message["Subject"] = f"{_title(today)}：{len(own)} 条待办预警"
        message["From"] = sender
        message["To"] = formataddr((name, address))
        message.set_content(digest_text(own, today=today, owner=name), charset="utf-8")
        messages.append((address, len(own), message))
    if messages:
        with _smtp(smtp_url) as server:
            for _, _, message in messages:
                server.send_message(message)
    return [(address, n) for address, n, _ in messages], skipped


def robot_payload(markdown: str, *, title: str, url: str) -> dict[str, Any]:
    """The markdown message a custom robot takes: WeCom's (企业微信) for its host, DingTalk's (钉钉/浙政钉) otherwise."""
    if urllib.parse.urlsplit(url).hostname == "qyapi.weixin.qq.com":
        return {"msgtype": "markdown", "markdown": {"content": markdown}}
    return {"msgtype": "markdown", "markdown": {"title": title, "text": markdown}}


def _signed_url(url: str, secret: str) -> str:
    # DingTalk's 加签: timestamp and an HMAC-SHA256 of "timestamp\nsecret", base64 then URL-encoded.
    stamp = str(round(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    return f"{url}{'&' if '?' in url else '?'}timestamp={stamp}&sign={sign}"


def post_webhook(alerts: Sequence[Alert], *, url: str, today: date, secret: str = "") -> dict[str, Any]:
    """Post the digest to a robot webhook; the robot's JSON answer (an `errcode` other than 0 is an error)."""
    body = robot_payload(digest_markdown(alerts, today=today), title=_title(today), url=url)
    request = urllib.request.Request(
        _signed_url(url, secret) if secret else url, data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"}, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - the configured robot URL
        answer = json.loads(response.read() or b"{}")
    if answer.get("errcode", 0) != 0:
        raise RuntimeError(f"robot refused the message: {answer.get('errmsg') or answer}")
    return answer
