"""Composing a return: tables on sheets, titles and prose, decoys, the force's place, the format.

generate(chooser, require=tag, plain=bool) gives a GeneratedReturn whose tags list every transform
it used. With require, that transform is always used; with plain, nothing else is (the plainest
form of every other choice), so a failure points at the one transform.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from spo_stats.forces import Force
from spo_stats.read.cells import cell_ref
from tests.generate import vocab as V
from tests.generate.choices import _ALLOW, FAMILY_TAGS, Chooser, allowed, only
from tests.generate.context import PERIOD_TAGS, VALUE_TAGS, Ctx
from tests.generate.model import Block, FileSpec, GeneratedReturn, SheetSpec, Truth
from tests.generate.shapes import (
    SHAPES,
    Collision,
    compiled_forces,
    distractor,
    joint_by_title,
    joint_forces,
    period_per_sheet,
)

FORMATS = ["format:xlsx", "format:csv", "format:xls", "format:ods"]
# force:option: the return does not name its force; the ingest is told it (--force).
FORCE_PLACES = ["force:title", "force:filename", "force:folder", "force:option"]
LAYOUTS = ["layout:stacked", "layout:side_by_side", "layout:sheets"]
HIDDEN = ["hidden:rows", "hidden:cols", "hidden:sheet"]
MAIN_SHAPES = [
    *SHAPES,
    "shape:joint_forces",
    "shape:joint_by_title",
    "shape:compiled_forces",
    "shape:period_per_sheet",
]
EXTRAS = [
    "distractor:only",
    "distractor:beside",
    "total:periods",
    "total:grid",
    "header:two_level",
    "header:total_column",
    "deco:refs",
    "deco:prose",
    "deco:notes",
    "deco:merged_titles",
    "layout:spacer",
    "period:open_ended",
    "force:option_other",
]
# Every transform a return can be asked to show: one family test each.
FAMILIES = [
    *MAIN_SHAPES,
    *PERIOD_TAGS,
    *VALUE_TAGS,
    *EXTRAS,
    *V.DECOY_FAMILIES,
    *LAYOUTS,
    *HIDDEN,
    *FORCE_PLACES,
    *FORMATS,
]

# Transforms that fix the shape of the main table.
_NEEDS_SHAPE = {
    "header:two_level": ["shape:periods_rows"],
    "total:periods": ["shape:measures_rows", "shape:periods_rows"],
    "header:total_column": ["shape:period_in_title", "shape:period_per_sheet"],
    **{t: ["shape:measures_rows", "shape:periods_rows"] for t in V.DECOY_FAMILIES},
    "period:open_ended": ["shape:measures_rows", "shape:periods_rows"],
    "total:grid": [
        "shape:year_month",
        "shape:month_year",
        "shape:year_quarter",
        "shape:fy_quarter",
    ],
    **{t: ["shape:measures_rows", "shape:periods_rows", "shape:long"] for t in PERIOD_TAGS},
    **{t: ["shape:measures_rows", "shape:periods_rows", "shape:long"] for t in VALUE_TAGS},
}
_NEEDS_XLSX = {*HIDDEN, "header:merged", "deco:merged_titles"}
_NEEDS_SHEETS = {"layout:sheets", "hidden:sheet", "shape:period_per_sheet"}


FAMILY_TAGS.update(FAMILIES)


def generate(
    ch: Chooser,
    require: str | None = None,
    plain: bool = False,
    allow: frozenset[str] | None = None,
) -> GeneratedReturn:
    """A return; allow limits a composition to those transforms (and the plainest forms)."""
    token = _ALLOW.set(allow)
    try:
        return _generate(ch, require, plain)
    finally:
        _ALLOW.reset(token)


def _generate(ch: Chooser, require: str | None, plain: bool) -> GeneratedReturn:
    assert require is None or require in FAMILIES, require
    forces = V.territorial_forces()
    force = ch.choice(forces)
    tags: set[str] = set()

    fmt = _pick(ch, require, plain, FORMATS, "format:xlsx")
    if require in _NEEDS_XLSX:
        fmt = "format:xlsx"
    if (require in _NEEDS_SHEETS or require == "period:month_date") and fmt == "format:csv":
        fmt = "format:xlsx"  # several sheets, or months as dates: not a CSV
    ctx = Ctx(ch, force, typed=fmt != "format:csv", require=require, plain=plain)
    ctx.merges_ok = fmt == "format:xlsx"

    # The main table (or, for distractor:only, none at all).
    only_distractors = require in (None, "distractor:only") and _want(
        ch, require, plain, "distractor:only", 0.05
    )
    shape = ch.choice(only(_NEEDS_SHAPE[require])) if require in _NEEDS_SHAPE else None
    shape = shape or _pick(ch, require, plain, _shapes_for(require), "shape:measures_rows")
    others = [f for f in forces if f.slug != force.slug]
    blocks: list[Block] = []
    if only_distractors:
        blocks.append(distractor(ctx))
        tags.add("distractor:only")
    elif shape == "shape:period_per_sheet" and fmt != "format:csv":
        blocks += period_per_sheet(ctx)
    else:
        if shape == "shape:period_per_sheet":
            shape = "shape:period_in_title"  # a CSV has one sheet
        blocks.append(_build(ctx, shape, others))

    # More tables: stacked, side by side, on other sheets; maybe a distractor among them.
    layout = None
    if len(blocks) > 1:
        pass  # a sheet per period is layout enough
    elif fmt != "format:csv" or require not in _NEEDS_SHEETS:
        options = LAYOUTS if fmt != "format:csv" else LAYOUTS[:2]
        if require in LAYOUTS or (not plain and only(options) and ch.chance(0.35)):
            layout = _pick(ch, require, plain, options, options[0])
    if layout:
        tags.add(layout)
        extra = 1 if layout == "layout:side_by_side" else ch.integer(1, 2)
        for _ in range(extra):
            if only_distractors:
                blocks.append(distractor(ctx))
                continue
            if _want(ch, require, plain, "distractor:beside", 0.3):
                blocks.append(distractor(ctx))
                tags.add("distractor:beside")
                continue
            for _attempt in range(4):
                try:
                    s = ch.choice(only(list(SHAPES))) if not plain else "shape:measures_rows"
                    blocks.append(_build(ctx, s, others))
                    break
                except Collision:
                    continue
    elif require == "distractor:beside":
        layout = "layout:stacked"
        blocks.append(distractor(ctx))
        tags |= {"distractor:beside", layout}

    # A blank spacer column between the main table's labels and its figures, as a hand-made
    # sheet leaves one for looks (or a wide label merged over it).
    if _want(ch, require, plain, "layout:spacer", 0.15) and _spacer(blocks[0]):
        tags.add("layout:spacer")

    # Decoys that must never be read: hidden rows and columns, a hidden sheet.
    if fmt == "format:xlsx":
        if _want(ch, require, plain, "hidden:rows", 0.1) and _hide_row(ch, blocks):
            tags.add("hidden:rows")
        if _want(ch, require, plain, "hidden:cols", 0.05) and _hide_col(ch, blocks):
            tags.add("hidden:cols")

    # Where the force is said: a title, the file name, the folder; several forces say themselves.
    names_forces = any(b.tags & set(_MANY_FORCES) for b in blocks)
    place = (
        "force:labels"
        if names_forces
        else _pick(ch, require, plain, _places_for(require), "force:title")
    )
    tags.add(place)
    # Beside tables that name their forces, a table that names none belongs to the return's own
    # force, which the return must then say somewhere (its file name or folder), or no reader can.
    path_place = place
    if names_forces and any(not (b.tags & set(_MANY_FORCES)) for b in blocks):
        path_place = ch.choice(["force:filename", "force:folder"])
        tags.add(path_place)
    # --force naming another force than the one the return names: it must relabel nothing.
    force_option = force.slug if place == "force:option" else None
    if place != "force:option" and _want(ch, require, plain, "force:option_other", 0.05):
        force_option = ch.choice(others).slug
        tags.add("force:option_other")

    top: list[str] = []
    if place == "force:title":
        top.append(
            ch.choice(
                [
                    f"{V.force_text(ch, force)}",
                    f"{V.force_text(ch, force)} - Freedom of Information",
                ]
            )
        )
    if _want(ch, require, plain, "deco:refs", 0.3):
        top.append(ch.choice(V.REFERENCES))
        tags.add("deco:refs")
    if _want(ch, require, plain, "deco:prose", 0.3) or only_distractors:
        top += [p for p in V.PROSE if ch.chance(0.5)] or [V.PROSE[1]]
        tags.add("deco:prose")
    mark_on_top = plain or ch.chance(0.7)
    if mark_on_top:
        top.insert(ch.integer(0, len(top)), V.MARK)

    ext = fmt.split(":")[1]
    sheets = _sheets(ch, ctx, blocks, layout, top, fmt)
    if _want(ch, require, plain, "deco:notes", 0.3):
        sheets[0].rows.append([])
        sheets[0].text(ch.choice(V.NOTES))
        tags.add("deco:notes")
    if not mark_on_top:
        sheets[0].rows.append([])
        sheets[0].text(V.MARK)
    if fmt == "format:xlsx" and _want(ch, require, plain, "deco:merged_titles", 0.3):
        for sheet in sheets:
            _merge_titles(sheet)
        tags.add("deco:merged_titles")
    if fmt == "format:xlsx" and _want(ch, require, plain, "hidden:sheet", 0.08):
        sheets.append(_hidden_copy(ch, sheets[0]))
        tags.add("hidden:sheet")
    path = _path(ch, force, path_place, ext, "deco:refs" in tags)
    if fmt == "format:csv":  # a CSV's one sheet is named after the file
        sheets[0].name = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]

    truth: list[Truth] = []
    for sheet in sheets:
        for (r, c), t in sheet.figures.items():
            truth.append(
                replace(
                    t,
                    where=f"{path}!{sheet.name}!{cell_ref(r, c)}",
                    tags=tuple(sorted({*t.tags, *tags, fmt})),
                    # Told another force than its own, a reader may refuse the file (naming both).
                    required=t.required and "force:option_other" not in tags,
                )
            )
    left_out = {
        f"{path}!{sh.name}!{cell_ref(r, c)}": why
        for sh in sheets
        for (r, c), why in sh.decoys.items()
    }
    for b in blocks:
        tags |= b.tags
    tags.add(fmt)
    return GeneratedReturn([FileSpec(path, ext, sheets)], truth, tags, left_out, force_option)


_MANY_FORCES = ["shape:joint_forces", "shape:joint_by_title", "shape:compiled_forces"]


def _shapes_for(require: str | None) -> list[str]:
    """Main shapes that leave room for the required transform."""
    if require in FORCE_PLACES:
        return [s for s in MAIN_SHAPES if s not in _MANY_FORCES]  # they name their own forces
    if require in LAYOUTS:
        return [s for s in MAIN_SHAPES if s != "shape:period_per_sheet"]  # its own layout
    if require in HIDDEN:
        # A hidden copy of figures needs figures to copy.
        return [s for s in MAIN_SHAPES if not s.endswith("_no_total")]
    return MAIN_SHAPES


def _places_for(require: str | None) -> list[str]:
    # Telling the ingest another force needs a return that names its own.
    return FORCE_PLACES[:3] if require == "force:option_other" else FORCE_PLACES


def _pick(ch: Chooser, require: str | None, plain: bool, options: list[str], default: str) -> str:
    if require is not None and require in options:
        return require
    return default if plain else ch.choice(only(options) or [default])


def _want(ch: Chooser, require: str | None, plain: bool, tag: str, p: float) -> bool:
    if require == tag:
        return True
    return False if plain or not allowed(tag) else ch.chance(p)


def _build(ctx: Ctx, shape: str, others: list[Force]) -> Block:
    if shape == "shape:joint_forces":
        return joint_forces(ctx, [ctx.ch.choice(others)])
    if shape == "shape:joint_by_title":
        return joint_by_title(ctx, [ctx.ch.choice(others)])
    if shape == "shape:compiled_forces":
        k = ctx.ch.integer(1, 4)
        picked: list[Force] = []
        for _ in range(k):
            f = ctx.ch.choice([o for o in others if o not in picked])
            picked.append(f)
        return compiled_forces(ctx, picked)
    return SHAPES[shape](ctx)


def _sheets(
    ch: Chooser, ctx: Ctx, blocks: list[Block], layout: str | None, top: list[str], fmt: str
) -> list[SheetSpec]:
    name = ch.choice(["Sheet1", "Data", "FOI response", "SPOs"])
    first = SheetSpec(name)
    for line in top:
        first.text(line)
    if top and ch.chance(0.7):
        first.rows.append([])
    if layout == "layout:side_by_side" and len(blocks) == 2:
        at = len(first.rows)
        first.place(blocks[0], at, 0)
        first.place(blocks[1], at, blocks[0].width + 1)
        return [first]
    if blocks[0].sheet:
        first.name = blocks[0].sheet
        first.append(blocks[0], gap=0)
        out = [first]
        for b in blocks[1:]:
            s = SheetSpec(b.sheet or f"Table {len(out) + 1}")
            s.append(b, gap=0)
            out.append(s)
        return out
    if layout == "layout:sheets":
        out = [first]
        first.append(blocks[0], gap=0)
        for i, b in enumerate(blocks[1:], start=2):
            s = SheetSpec(f"Table {i}")
            s.append(b, gap=0)
            out.append(s)
        return out
    for i, b in enumerate(blocks):
        first.append(b, gap=0 if i == 0 else ch.integer(1, 2))
    return [first]


def _merge_titles(sheet: SheetSpec) -> None:
    """Titles, prose and notes merged across the sheet's width, as forces format them."""
    width = max((len(r) for r in sheet.rows), default=1)
    if width < 2:
        return
    merged_rows = {r for r1, _, r2, _ in sheet.merges for r in range(r1, r2 + 1)}
    for r, row in enumerate(sheet.rows):
        cells = [c for c, v in enumerate(row) if v is not None]
        if cells == [0] and isinstance(row[0], str) and r not in merged_rows:
            sheet.merges.append((r, 0, r, width - 1))


def _numbers_altered(ch: Chooser, v: Any) -> Any:
    if isinstance(v, int) and not isinstance(v, bool):
        return v + ch.integer(1, 9)
    if isinstance(v, str) and v.replace(",", "").isdigit():
        return str(int(v.replace(",", "")) + ch.integer(1, 9))
    if isinstance(v, str) and v in ("<5", "< 5", "*", "Nil", "Not held", "Fewer than 5"):
        return str(ch.integer(5, 30))
    return v


def _hide_row(ch: Chooser, blocks: list[Block]) -> bool:
    """A hidden copy of a row of figures, with other numbers, just below it."""
    cands = [(b, r) for b in blocks for r in sorted({r for r, _ in b.figures})]
    if not cands:
        return False
    b, r = ch.choice(cands)
    copy = [v if c == 0 else _numbers_altered(ch, v) for c, v in enumerate(b.rows[r])]
    b.rows.insert(r + 1, copy)
    b.figures = {(rr + 1 if rr > r else rr, cc): t for (rr, cc), t in b.figures.items()}
    b.decoys = {(rr + 1 if rr > r else rr, cc): w for (rr, cc), w in b.decoys.items()}
    b.decoys |= {(r + 1, c): "a hidden row (other numbers)" for (rr, c) in b.figures if rr == r}
    b.merges = [(a + (a > r), c1, d + (d > r), c2) for a, c1, d, c2 in b.merges]
    b.hidden_rows = {x + (x > r) for x in b.hidden_rows} | {r + 1}
    return True


def _spacer(b: Block) -> bool:
    """An empty column just right of the block's label column, through every row of the table
    (titles and notes, one cell wide, stay as they are)."""
    if not any(len(row) > 1 for row in b.rows) or any(c == 0 for _, c in [*b.figures, *b.decoys]):
        return False
    for row in b.rows:
        if len(row) > 1:
            row.insert(1, None)
    b.figures = {(r, c + 1 if c >= 1 else c): t for (r, c), t in b.figures.items()}
    b.decoys = {(r, c + 1 if c >= 1 else c): w for (r, c), w in b.decoys.items()}
    b.merges = [(a, c1 + (c1 >= 1), d, c2 + (c2 >= 1)) for a, c1, d, c2 in b.merges]
    b.hidden_cols = {x + (x >= 1) for x in b.hidden_cols}
    b.tags.add("layout:spacer")
    return True


def _hide_col(ch: Chooser, blocks: list[Block]) -> bool:
    """A hidden copy of a column of figures, with other numbers, just right of it."""
    cands = [(b, c) for b in blocks for c in sorted({c for _, c in b.figures}) if c > 0]
    if not cands:
        return False
    b, c = ch.choice(cands)
    fig_rows = {r for r, cc in b.figures if cc == c}
    for r, row in enumerate(b.rows):
        if len(row) > c and len(row) > 1:
            v = row[c]
            row.insert(c + 1, _numbers_altered(ch, v) if r in fig_rows else v)
    b.figures = {(rr, cc + 1 if cc > c else cc): t for (rr, cc), t in b.figures.items()}
    b.decoys = {(rr, cc + 1 if cc > c else cc): w for (rr, cc), w in b.decoys.items()}
    b.decoys |= {(r, c + 1): "a hidden column (other numbers)" for r in fig_rows}
    b.merges = [(a, c1 + (c1 > c), d, c2 + (c2 >= c)) for a, c1, d, c2 in b.merges]
    b.hidden_cols = {x + (x > c) for x in b.hidden_cols} | {c + 1}
    return True


def _hidden_copy(ch: Chooser, sheet: SheetSpec) -> SheetSpec:
    """A hidden sheet holding an older draft: the same layout, other numbers."""
    s = SheetSpec(ch.choice(["Draft", "Old data", "Sheet2"]), hidden=True)
    fig = set(sheet.figures)
    s.rows = [
        [_numbers_altered(ch, v) if (r, c) in fig else v for c, v in enumerate(row)]
        for r, row in enumerate(sheet.rows)
    ]
    s.merges = list(sheet.merges)
    s.decoys = {pos: "a hidden sheet (a draft)" for pos in fig}
    return s


def _path(ch: Chooser, force: Force, place: str, ext: str, refs: bool) -> str:
    neutral = ["response", "FOI response", "disclosure", "foi-reply"]
    if refs:
        neutral += ["FOI-2022-125", "foi 004412"]
    if place == "force:filename":
        stem = V.file_stem_for(ch, force)
        name = ch.choice([f"{stem}-foi-response", f"foi_{stem}_stalking", f"{stem}"])
        return f"{name}.{ext}"
    name = f"{ch.choice(neutral)}.{ext}"
    if place == "force:folder":
        return f"{ch.choice([force.slug, force.name])}/{name}"
    return name
