"""What a row label, column header or table title says a number counts.

Labels are read from the most specific (the row and column of the cell) to the most general (table
and sheet titles); the first that says something decides. A label that says too little ("SPOs", with
no "granted" or "applied") or contradicts another gives None, and the cell is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from spo_stats.schema import Measure

MEASURE_LABELS: dict[str, str] = {
    "stalking_offences": "recorded stalking offences",
    "spo_applications": "SPO applications",
    "spo_granted": "SPOs granted",
    "interim_spo_applications": "interim SPO applications",
    "interim_spo_granted": "interim SPOs granted",
    "spo_breaches": "SPO breaches",
    "all_spo_granted": "SPOs granted, interim and full counted together",
}

Kind = Literal["offences", "spo"]
Action = Literal["applications", "granted", "breaches", "other"]
OrderType = Literal["interim", "full", "both"]


@dataclass(frozen=True)
class Signals:
    kind: Kind | None = None
    action: Action | None = None
    order_type: OrderType | None = None


_ORDER = re.compile(r"\bspos?\b|protection\s+orders?|\borders?\b|\bspo\b")
_BREACH = re.compile(r"\bbreach")
_OTHER = re.compile(
    r"\brefus|\bunsuccessful|\bdeclin|\bwithdrawn|\brejected|\bpending|\bdischarg|\bvaried|\bexpired|\brevoked|\bappeal"
)
_GRANTED = re.compile(
    r"\bgrant|\bissu|\bobtain|\bimpos|\bapprov|\bawarded|\bsuccessful|\bsecured|\bin\s+place|\bmade\b"
)
_APPLIED = re.compile(r"\bappl(?:y|ied|ications?)\b|\bsought\b|\brequested\b|\bsubmitted\b")
_OFFENCE = re.compile(
    r"offen[cs]es?|\bcrimes?\b|\brecorded\b|\breports?\b|\bcases\b|\bincidents?\b|\bcomplaints?\b|\ballegations?\b"
)
_STALKING = re.compile(r"\bstalk")
_BOTH = re.compile(
    r"interim\s+(?:and|&|or|/)\s+full|full\s+(?:and|&|or|/)\s+interim|\bboth\b|\ball\s+(?:spos|orders)"
)
_INTERIM = re.compile(r"\binterim\b|\bispo")
_FULL = re.compile(r"\bfull\b|\bfinal\b")
_TOTAL = re.compile(r"^(?:grand\s+)?totals?\b|\btotal$|^all\s+years$|^overall$|^sum$")


def _clean(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").split())


def signals(text: str) -> Signals:
    t = _clean(text)
    order_type: OrderType | None = None
    if _BOTH.search(t):
        order_type = "both"
    elif _INTERIM.search(t):
        order_type = "interim"
    elif _FULL.search(t):
        order_type = "full"
    action: Action | None = None
    if _BREACH.search(t):
        action = "breaches"
    elif _OTHER.search(t):
        action = "other"
    elif _APPLIED.search(t) and not re.search(r"\bgrant|\bapprov|\bsuccessful|\bissu|\bobtain", t):
        action = "applications"
    elif _GRANTED.search(t):
        action = "granted"
    kind: Kind | None = None
    if _ORDER.search(t) or action is not None or order_type is not None:
        kind = "spo"
    elif _OFFENCE.search(t) or _STALKING.search(t):
        kind = "offences"
    return Signals(kind, action, order_type)


def is_total(text: str) -> bool:
    return bool(_TOTAL.search(_clean(text)))


def _merge(parts: list[str]) -> Signals | None:
    """Signals of labels at the same level; None where they contradict each other."""
    kind: Kind | None = None
    action: Action | None = None
    order: OrderType | None = None
    for part in parts:
        s = signals(part)
        for attr, current in (("kind", kind), ("action", action), ("order_type", order)):
            new = getattr(s, attr)
            if new is not None and current is not None and new != current:
                return None
        kind, action, order = kind or s.kind, action or s.action, order or s.order_type
    return Signals(kind, action, order)


def classify(levels: list[list[str]]) -> tuple[Measure | None, str]:
    """The measure of a cell from its labels, most specific level first; (None, why) if unclear."""
    kind: Kind | None = None
    action: Action | None = None
    order: OrderType | None = None
    for level in levels:
        merged = _merge(level)
        if merged is None:
            return None, f"labels disagree: {' / '.join(level)}"
        kind = kind or merged.kind
        action = action or merged.action
        order = order or merged.order_type
    if kind is None:
        return None, "no label says what is counted"
    if kind == "offences":
        # "Stalking" alone means recorded offences only when something says crimes or offences.
        joined = " ".join(p for level in levels for p in level).lower()
        if not (_OFFENCE.search(joined) or "stalking" in joined):
            return None, "no label says what is counted"
        return "stalking_offences", ""
    if action is None:
        return None, "SPOs counted without saying applied for, granted or breached"
    if action == "other":
        return None, "a count of SPOs that is not applications, grants or breaches"
    if action == "breaches":
        return "spo_breaches", ""
    if action == "applications":
        if order == "both":
            return None, "applications for interim and full orders counted together"
        return ("interim_spo_applications" if order == "interim" else "spo_applications"), ""
    if order == "both":
        return "all_spo_granted", ""
    return ("interim_spo_granted" if order == "interim" else "spo_granted"), ""
