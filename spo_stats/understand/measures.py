"""What a row label, column header or table title says a number counts.

Labels are read from the most specific (the row and column of the cell) to the most general (table
and sheet titles); the first that says something decides. A label that says too little ("SPOs", with
no "granted" or "applied") or contradicts another gives None, and the cell is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from spo_stats.schema import Measure
from spo_stats.understand import TEXT_CACHE, lexicon

Kind = Literal["offences", "spo"]
Action = Literal["applications", "granted", "breaches", "other", "several"]
OrderType = Literal["interim", "full", "both"]


@dataclass(frozen=True)
class Signals:
    kind: Kind | None = None
    action: Action | None = None
    order_type: OrderType | None = None


_ORDER = re.compile(r"\bspos?\b|protection\s+orders?|\borders?\b|\bspo\b")
_BREACH = re.compile(r"\bbreach")
_OTHER = re.compile(
    r"\brefus|\bunsuccessful|\bdiscontinu|\badjourn|\bnot\s+(?:granted|made|issued|obtained)|\bextended\b|\bdeclin|\bwithdrawn|\brejected|\bpending|\bdischarg|\bvaried|\bexpired|\brevoked|\bappeal"
)
_GRANTED = re.compile(
    r"\bgrant|\bissu|\bobtain|\bimpos|\bapprov|\bawarded|\bsuccessful|\bsecured|\bmade\b"
)
_APPLIED = re.compile(
    r"\bappl(?:y|ied|ications?|ns?)\b\.?|\bapps\b|\bsought\b|\brequested\b|\bsubmitted\b"
)
_OFFENCE = re.compile(
    r"offen[cs]es?|\bcrimes?\b|\brecorded\b|\breports?\b|\bcases\b|\bincidents?\b|\bcomplaints?\b|\ballegations?\b"
)
_STALKING = re.compile(r"\bstalk")
# A title over several columns naming two measures ("applications and orders", "orders and
# applications"): it cannot tell an unlabelled column which of the two it counts.
_SEVERAL = re.compile(
    r"\bappl\w*\s+(?:and|&|/)\s+(?:\w+\s+)?(?:orders?|grants?|spos?|outcomes?)\b|"
    r"\b(?:orders?|grants?|spos?)\s+(?:granted\s+)?(?:and|&|/)\s+appl"
)
_BOTH = re.compile(
    r"interim\s*(?:and|&|or|/|\+)\s*full|full\s*(?:and|&|or|/|\+)\s*interim|\bboth\b|\ball\s+(?:spos|orders)"
)
_INTERIM = re.compile(r"\binterims?\b|\bispo")
_FULL = re.compile(r"\bfull\b|\bfinal\b")
_TOTAL = re.compile(
    r"^(?:grand\s+)?totals?\b|\btotal\s*\)?$|^overall$|^sum$|^whole\s+force$|^force[\s-]?wide$|"
    r"^all\s+(?:bcus?|areas?|districts?|boroughs?|divisions?|lpas?|local\s+policing\s+areas?|"
    r"commands?|sectors?|wards?|ages?|age\s+groups?|outcomes?|years?|months?|quarters?|forces?)$"
)


@lru_cache(maxsize=TEXT_CACHE)
def _clean(text: str) -> str:
    return lexicon.without_agent(" ".join(text.lower().replace("_", " ").split()))


@lru_cache(maxsize=TEXT_CACHE)
def signals(text: str) -> Signals:
    t = _clean(text)
    order_type: OrderType | None = None
    if lexicon.EXCLUDES_INTERIM.search(t):
        order_type = "full"  # "SPOs granted (excluding interim)"
    elif lexicon.EXCLUDES_FULL.search(t):
        order_type = "interim"
    elif _BOTH.search(t) or lexicon.INCLUSIVE_INTERIM.search(t):
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
    elif _SEVERAL.search(t):
        action = "several"
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


@lru_cache(maxsize=TEXT_CACHE)
def is_total(text: str) -> bool:
    return bool(_TOTAL.search(_clean(text)))


# Counts of other things: a label saying any of these is not a count of stalking offences or SPOs,
# whatever else it says ("stalking and harassment", "arrests were made", "calls about stalking").
_VETO = re.compile(
    r"harass|\bmalicious|\bcommunications?\b|\bthreats?\b|\bassault|\barrest|\bcalls?\b|\b101\b|\b999\b|\btrain|\bdogs?\b|\bbites?\b|\bcharge[ds]?\b|"
    r"\bcaution|\bvictims?\b|\bsuspects?\b|\boffenders?\b|\bperpetrators?\b|\bconvict|"
    # People, not orders: "individuals subject to an SPO" counts persons, and one can hold several.
    r"\bindividuals?\b|\bpersons?\b|\bpeople\b|\bsubject\s+to\s+an?\b|"
    r"clare'?s\s+law|\bcyber|\bonline\b|\bdomestic\b|"
    r"\brates?\b|percent|%|\bper\s+(?:1,?000|100)|\baverage|"
    r"\bmean\b|\bmedian\b|\bdays\b|\bhours\b|\bweeks\b|\btime\s+taken|\bcosts?\b|\bstaff\b|\bstaffing\b|\bofficers?\b|"
    r"\bsessions?\b|\bcourses?\b|\bincidents?\b(?!.*\b(?:crimes?|offen[cs]es?)\b)|\bbreakdown\b|"
    r"\bsolved\b|\bdetect|\bnfa\b|\bno\s+further\s+action|\bprosecut|\bcourt\s+cases?\b"
)
_SPO_NAMED = re.compile(r"\bspos?\b|\bispos?\b|stalking\s+protection")
# Other orders and notices: named anywhere in a figure's labels or titles, they rule out SPOs.
_OTHER_ORDER = lexicon.OTHER_ORDERS
_CRIME_WORD = re.compile(r"offen[cs]es?|\bcrimes?\b|\brecorded\b|\b8q\b")


# The two offences that make up stalking (8Q): one of them alone is a part, both together the whole.
_S2A = re.compile(r"\bs\.?\s*2a\b|section\s+2a\b")
_S4A = re.compile(r"\bs\.?\s*4a\b|section\s+4a\b|fear\s+of\s+violence|serious\s+alarm")


# Words a label about offences may hold without naming which offences it counts.
_GENERIC = frozenset(
    re.findall(
        r"\w+",
        "number numbers no of the a an total totals count counts recorded recording crimes crime "
        "offences offence offenses offense reported reports all figures figure q code home office "
        "classification data police force forces area areas in for by per year years period and or "
        "on at to from within during each calendar financial fy cy month months quarter quarters "
        "new notified sum value values amount cases case b c d e ",
    )
)


@lru_cache(maxsize=TEXT_CACHE)
def veto(text: str) -> str | None:
    """The words that make a label a count of something else, or None."""
    t = _clean(text)
    for family in (_VETO, _OTHER_ORDER, lexicon.STOCKS, lexicon.DIFFERENCES):
        if (word := lexicon.names(family, t)) is not None:
            return word
    a, b = _S2A.search(t), _S4A.search(t)
    if (a is None) != (b is None):
        return (a or b).group(0)  # type: ignore[union-attr]
    return None


def subject_of(text: str) -> Kind | None:
    """What a note is about, from words that name it: SPOs (or orders) or offences, else None.

    Stricter than signals(): "the full calendar year" says nothing about orders.
    """
    t = _clean(text)
    spo = bool(_SPO_NAMED.search(t) or _ORDER.search(t))
    offences = bool(_CRIME_WORD.search(t) or re.search(r"\bstalking\s+(?:offen|crime)", t))
    if spo == offences:
        return None
    return "spo" if spo else "offences"


@lru_cache(maxsize=TEXT_CACHE)
def mentions_stalking(text: str) -> bool:
    t = _clean(text)
    return bool(_STALKING.search(t) or _SPO_NAMED.search(t))


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


def classify(levels: list[list[str]], context: bool = False) -> tuple[Measure | None, str]:
    """The measure of a cell from its labels, most specific level first; (None, why) if unclear.

    Identification is positive: recorded stalking offences need labels saying stalking and
    crimes/offences/recorded; SPO measures need labels naming SPOs, or orders where the labels or
    the sheet (context) name stalking. A label naming something else (harassment, arrests, calls)
    vetoes the count, from the level that decides what is counted or any more specific one; another
    kind of order named at any level rules out SPOs.
    """
    kind: Kind | None = None
    action: Action | None = None
    order: OrderType | None = None
    for level in levels:
        merged = _merge(level)
        if merged is None:
            return None, f"labels disagree: {' / '.join(level)}"
        if kind is None:
            for part in level:
                if (word := veto(part)) is not None:
                    return None, f"counts something else ({word!r} in {part!r})"
        kind = kind or merged.kind
        action = action or merged.action
        order = order or merged.order_type
    if kind is None:
        return None, "no label says what is counted"
    joined = _clean(" ".join(p for level in levels for p in level))
    if kind == "offences":
        if not (_STALKING.search(joined) or "8q" in joined) or not _CRIME_WORD.search(joined):
            return None, "no label says recorded stalking crimes or offences"
        # "Public order offences" under a stalking title: a label naming offences of its own
        # kind, without saying stalking, counts another offence.
        for level in levels:
            text = _clean(" ".join(level))
            if _STALKING.search(text) or "8q" in text:
                break  # stalking said first, by the more specific labels
            if _OFFENCE.search(text):
                other = [w for w in re.findall(r"[a-z]+", text) if w not in _GENERIC]
                if other:
                    return None, f"counts another offence ({' '.join(other)!r})"
                break
        return "stalking_offences", ""
    # Another order named anywhere up to the level that names SPOs rules SPOs out ("DVPO" in a
    # column group); a file title naming both kinds of order above an SPO table does not.
    for level in levels:
        text = _clean(" ".join(level))
        if m := _OTHER_ORDER.search(text):
            return None, f"counts another kind of order ({m.group(0)!r})"
        if _SPO_NAMED.search(text):
            break
    # Orders, applications or breaches are SPOs where the labels or the sheet speak of stalking.
    stalking = bool(_STALKING.search(joined)) or context
    if not (_SPO_NAMED.search(joined) or stalking):
        return None, "no label names Stalking Protection Orders"
    if action is None:
        return None, "SPOs counted without saying applied for, granted or breached"
    if action == "other":
        return None, "a count of SPOs that is not applications, grants or breaches"
    if action == "several":
        return (
            None,
            "the labels name several measures (applications and orders) without saying which",
        )
    if action == "breaches":
        return "spo_breaches", ""
    if action == "applications":
        if order == "both":
            return None, "applications for interim and full orders counted together"
        return ("interim_spo_applications" if order == "interim" else "spo_applications"), ""
    if order == "both":
        return "all_spo_granted", ""
    return ("interim_spo_granted" if order == "interim" else "spo_granted"), ""
