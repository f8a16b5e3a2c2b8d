"""What words mean on a return: the families of words that decide what a figure counts.

Each family is data (a tuple of regular-expression fragments, lower case, matched on text whose
whitespace is collapsed); measures, notes and answers ask these rather than keeping words of their
own. A newcomer adding a wording adds it to the family it belongs to, with a test.
"""

from __future__ import annotations

import re


def _family(*fragments: str) -> re.Pattern[str]:
    return re.compile("|".join(fragments))


# Orders and notices that are not SPOs. Named on a figure's own labels, they rule SPOs out,
# whatever the request or a title above says.
OTHER_ORDERS = _family(
    r"\brestraining",
    r"non[\s-]*molestation",
    r"\bdvp[nos]s?\b",
    r"\bdap[nos]s?\b",
    r"domestic\s+(?:violence|abuse)\s+protection",
    r"protection\s+notices?",
    r"\bshpos?\b",
    r"\bsrpos?\b",
    r"sexual\s+(?:harm|risk)",
    r"criminal\s+behaviou?r",
    r"\bcbos?\b",
    r"\binjunction",
    r"\bbail\b",
    r"\bdvds\b",
    r"\bfgm",
    r"forced\s+marriage",
    r"\bkcpo",
    r"knife\s+crime",
    r"\bsros?\b",
    r"slavery",
    r"\bsasbo",
    r"\basbo",
    r"community\s+protection",
    r"closure\s+orders?",
)

# A stock on a date or a running total is not the count of a period's events: "SPOs in place at
# year end", "in force at 31 March", "cumulative", "running total", "live orders".
STOCKS = _family(
    r"\bin\s+(?:place|force|effect)\s+(?:at|on|as\s+(?:at|of))\b",
    r"\b(?:at|as\s+at|as\s+of)\s+(?:the\s+)?(?:year|month|quarter|period)[\s-]?end\b",
    r"\bcumulative",
    r"\brunning\s+total",
    r"\bto\s+date\s+total",
    r"\b(?:live|active|current|extant|outstanding)\s+(?:spos?|orders?|stalking\s+protection)",
    r"\b(?:still|currently|now)\s+in\s+(?:place|force|effect)",
)
# A total since a date ("Total since January 2020"): a running total, not the sum of the
# periods beside it.
SINCE = _family(r"\bsince\b")

# Changes between figures are not figures: "year-on-year change", "difference", "+/-".
DIFFERENCES = _family(
    r"\bchange\b",
    r"\bchanges\b",
    r"\bdifference",
    r"\bvariance\b",
    r"\bincrease",
    r"\bdecrease",
    r"year[\s-]+on[\s-]+year",
    r"\byoy\b",
    r"\+\s*/\s*-",
)

# Phrases that add interim orders to a count of orders: "(includes interim orders)", "incl.
# interim", "including interim SPOs", "full + interim". The count is interim and full together.
INCLUSIVE_INTERIM = _family(
    r"\b(?:includ(?:es|ing|e)?|incl\.?|inc\.?|inclusive\s+of)\s+(?:\w+\s+){0,2}?interim",
    r"\binterim\s+(?:orders?\s+|spos?\s+)?(?:are\s+)?included\b",
    r"\bfull\s*\+\s*interim|\binterim\s*\+\s*full",
)


# The whole of a breakdown, written as "All" and what its rows are: "All age bands", "All
# ethnic groups" under "Age band" or "Ethnicity". "All other areas" is one more part, not the whole.
BREAKDOWN_WHOLE = _family(r"^all\s+(?!others?\b)[a-z]+(?:\s+[a-z]+)?$")


# Home Office offence codes in a column of their own ("Home Office code", "HO class", "CRIME_CODE"):
# "8Q" is stalking; any other code ("8L" harassment, "8R" malicious communications) another offence.
OFFENCE_CODE_HEADER = _family(
    r"\b(?:home\s+office|ho)\s+(?:offence\s+|crime\s+)?(?:codes?|class(?:ification)?)\b",
    r"\b(?:crime|offence)\s+(?:codes?|class(?:ification)?)\b",
    r"^codes?$",
)
# A column of one force's code ("FORCE_CODE | 62"): the file's force, said again; several codes
# would be several forces, which no code here can name.
FORCE_CODE_HEADER = _family(r"^force\s+(?:codes?|ids?|no\.?|numbers?)$")
# A column of references ("request_ref | 01/FOI/24/038812", "Record ID"), or of the day the
# extract was run ("extract_date"): it identifies a row or the request, and says nothing of
# what the figure beside it counts or when.
REFERENCE_HEADER = _family(
    r"^(?:(?:foi|request|foi\s+request|case|record|row|extract|response|our|your)\s+)?"
    r"(?:refs?|ref\s+no\.?|references?|ids?|identifiers?)$",
    r"^(?:(?:extract|extraction|run|report|refresh)\s+(?:date|day|time|timestamp)|"
    r"date\s+(?:of\s+)?(?:extract(?:ed|ion)?|run|refreshed|produced|generated)|"
    r"(?:extracted|produced|generated|refreshed)(?:\s+(?:on|date))?)$",
)
OFFENCE_CODE = re.compile(r"^\d{1,3}[a-z]{0,2}(?:/\d{1,3})?$|^[-–—]$")
STALKING_CODE = re.compile(r"^8q$")


# Headers over a column of counts, written as text in a long table ("Measure | Period | Value |
# Comment"): "1,532" under "Value" is a count, where "18-24" under "Age band" is a label.
COUNT_HEADER = _family(
    r"^(?:values?|counts?|cnt|numbers?|no\.?|n|#|amount|frequency|volume|total|result)$"
)


# The one outcome of an application that is a measure of its own: the order granted. Under an
# "Outcome" header, "Granted" is the grants; "Refused", "Withdrawn", "Adjourned" are outcomes.
OUTCOME_HEADER = _family(r"\boutcomes?\b", r"\bresults?\b", r"\bdecisions?\b")
GRANTED_OUTCOME = _family(r"^(?:granted|order\s+(?:made|granted)|granted\s+by\s+(?:the\s+)?court)$")


# A header saying the period under it is part of a year ("Part year", "Partial year"): the
# year label under it must say which part, or its figures have no period.
PART_YEAR = _family(
    r"^part[\s-]*year$", r"^partial(?:\s+year)?$", r"^part[\s-]*year\s+(?:figures?|data)$"
)


# Phrases that leave one kind of order out: "(excluding interim)", "does not include interim
# orders", "interim orders are not included". What is left is the other kind alone.
_LEAVE_OUT = (
    r"\b(?:excl(?:uding|udes?|uded)?\.?|not\s+includ\w*|n't\s+includ\w*|without|other\s+than|"
    r"apart\s+from|except)\s+(?:\w+\s+){{0,2}}?{kind}\b"
)
_LEFT_OUT = r"\b{kind}\s+(?:orders?\s+|spos?\s+)?(?:are\s+|is\s+)?(?:not\s+included|excluded)\b"
EXCLUDES_INTERIM = _family(_LEAVE_OUT.format(kind="interim"), _LEFT_OUT.format(kind="interim"))
EXCLUDES_FULL = _family(_LEAVE_OUT.format(kind="full"), _LEFT_OUT.format(kind="full"))


def adds_interim(text: str) -> bool:
    """Whether words say a count of orders takes interim orders in too (and do not say the
    opposite: "does not include interim orders")."""
    t = " ".join(text.lower().split())
    return INCLUSIVE_INTERIM.search(t) is not None and EXCLUDES_INTERIM.search(t) is None


def names(family: re.Pattern[str], text: str) -> str | None:
    """The words of a family that text contains, or None."""
    m = family.search(text)
    return m.group(0) if m else None


# Who took an action, named after it: "granted by court", "made by the magistrates' court",
# "refused by the Crown Court". The court here is the agent, not a breakdown by court.
AGENT = _family(
    r"\b(?P<action>granted|made|issued|imposed|refused|approved|awarded|dismissed|rejected)"
    r"\s+by\s+(?:the\s+)?(?:(?:magistrates|crown|family|youth)'?s?'?\s+)?courts?\b",
)


def without_agent(text: str) -> str:
    """Text with an action's agent ("by court") taken out, leaving the action."""
    return AGENT.sub(lambda m: m["action"], text)


# The words an Excel pivot table writes round its figures: "Row Labels", "Column Labels" (labels
# of no meaning), "Count of Crime Reference" (what each figure counts), and page filters above it.
PIVOT_CHROME = _family(r"^(?:row|column)\s+labels$", r"^values$")
PIVOT_FIELD = _family(r"^(?:count|sum|distinct\s+count)\s+of\s+\S")


# Welsh words that English labels never use: a label or value in Welsh beside its English
# translation ("Troseddau stelcio a gofnodwyd / Stalking offences recorded") is read in English.
WELSH = _family(
    r"\b(?:ddim|llai|gael|gan|rhag|nifer|trosedd\w*|gorchym\w*|gorchmynion|ceisiadau|cais|"
    r"blwyddyn|mesur|cyfanswm|stelcio|aflonyddu|amddiffyn|achosion|torri|roddwyd|"
    r"\w*ofnodwyd|cofnodwyd|galendr|ariannol|amh|cynnwys|rhai|chwarter|dyddiad|ymateb|"
    r"cyfun|synthetig|data\s+prawf|gwybodaeth|heb|chadw|cadw)\b"
)


def is_welsh(text: str) -> bool:
    return WELSH.search(" ".join(text.lower().split())) is not None


# How a bilingual label sets its halves apart: a line each, a slash, a bar or a spaced dash.
_BILINGUAL_SPLIT = (re.compile(r"\s*\n\s*"), re.compile(r"\s+/\s+|\s*\|\s*|\s+[–—-]\s+"))
_ENGLISH_WORD = re.compile(r"[a-z]{3,}", re.I)


def english_side(text: str) -> str:
    """The English of a bilingual text ("Welsh / English", "Welsh – English", or Welsh on one
    line and English on the next); the text itself if it is not one."""
    for split in _BILINGUAL_SPLIT:
        parts = [p.strip() for p in split.split(text.strip())]
        if len(parts) != 2 or not all(parts):
            continue
        welsh = [is_welsh(p) for p in parts]
        english = parts[1] if welsh == [True, False] else parts[0] if welsh == [False, True] else ""
        if english and _ENGLISH_WORD.search(english):
            return " ".join(english.split())
    return text


# A count with its share in brackets, "11 (79%)": the count is the figure. A header's "(% of
# applications)" then names the share beside the count, not what the count counts.
COUNT_WITH_SHARE = re.compile(r"^(?P<n>\d[\d,]*)\s*\(\s*\d+(?:\.\d+)?\s*%\s*\)$")
SHARE_IN_HEADER = re.compile(
    r"\s*\(\s*(?:%|percentage|per\s*cent)(?:\s+of\s+[^)]*)?\s*\)\s*$", re.I
)


def without_share(header: str) -> str:
    return SHARE_IN_HEADER.sub("", header)


# A key saying a dash means nil: "- = nil", "'-' denotes none", "nil is shown as -", "a dash (-)
# indicates zero". Without one, a lone dash is no figure (it may as well mean not available).
DASH_IS_NIL = _family(
    r"(?:^|[\s(;,:])[\"'‘“]?[-–—][\"'’”]?\s*(?:=|:|means|denotes|indicates|represents|shows|is)\s*"
    r"(?:[a-z]+\s*/\s*)?(?:a\s+)?(?:nil|none|zero|0\b|no\s+(?:orders?|cases|offences|applications|"
    r"breaches))",  # "- = dim / nil": the Welsh first
    r"\b(?:nil|zero|none|0)\b[^.]{0,30}?(?:shown|marked|indicated|represented|denoted|recorded)\s+"
    r"(?:as|by|with)\s+(?:a\s+)?(?:dash|hyphen|[\"'‘“]?[-–—])",
    r"\b(?:dash(?:es)?|hyphens?)\s*(?:\([-–—]\)\s*)?(?:=|means?|denotes?|indicates?|represents?|shows?)\s*"
    r"(?:a\s+)?(?:nil|none|zero)",
)


# A key saying a dash means nil and something else too ("- = nil or fewer than 5", "n/a shown as
# -", "zero or below 5 are shown as -"): the dash is then no figure.
DASH_ALSO = _family(
    r"\bor\s+(?:fewer|less|below|under|n/?a|not|suppress|unknown|missing|\d)",
    r"\bfewer\b",
    r"\bbelow\b",
    r"\bless\s+than\b",
    r"\bn/?a\b",
    r"\bnot\s+(?:recorded|available|held|known)",
    r"\bsuppress",
    r"\bunknown\b",
)


def stock_or_since(text: str) -> bool:
    """Whether words make a count a stock or a total since a date: "in force at", "cumulative",
    "Total since January 2020"."""
    t = " ".join(text.lower().split())
    return STOCKS.search(t) is not None or SINCE.search(t) is not None


def running(text: str) -> bool:
    """Whether words make a count a running total or a stock: those of stock_or_since, and "to
    date", "so far" (a total's label takes "to date" as a part year instead)."""
    t = " ".join(text.lower().split())
    return stock_or_since(t) or re.search(r"\bto\s+date\b|\bso\s+far\b", t) is not None


def dash_is_nil(text: str) -> bool:
    """Whether a line of a return says a dash means nil, and nothing else besides."""
    t = " ".join(text.lower().split())
    m = DASH_IS_NIL.search(t)
    if m is None:
        return False
    # The key's own clause: from the last ";" or "." before the match to the next after it.
    start = max(t.rfind(";", 0, m.start()), t.rfind(". ", 0, m.start())) + 1
    stops = [i for i in (t.find(";", m.end()), t.find(". ", m.end())) if i != -1]
    clause = t[start : min(stops) if stops else len(t)]
    return DASH_ALSO.search(clause) is None


# A reference to a question of the request: "the figures given at question 3", "Q3 figures",
# "our answer to Q3", "part 3 above". "Q1 2023" is a quarter, not question 1.
QUESTION_REF = re.compile(
    r"\b(?:question|q|answer|part)\s*(?P<n>\d{1,2})\b(?!\s*(?:19|20)\d{2})", re.I
)
