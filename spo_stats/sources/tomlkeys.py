"""Where a key sits in a TOML text: its line, for error messages a person can act on.

tomllib gives positions for syntax errors only. A validation error names a key path (pydantic's
loc); this finds the line that key was written on: table headers, arrays of tables (by index),
dotted and quoted keys, and the elements of arrays, multi-line ones included. A key inside an
inline table is found at the line of the key that holds it (TOML keeps inline tables on one line).
"""

from __future__ import annotations

import json
import re


def dotted(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            text = str(part)
            key = text if re.fullmatch(r"[A-Za-z0-9_-]+", text) else json.dumps(text)
            out += f".{key}" if out else key
    return out


# Finding a key's line: TOML is read line by line for table headers and key = value lines. A
# key inside an inline table or an array is found at the line of the key that holds it.
_PIECE = re.compile(r"""\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*""")


def _key_path(text: str) -> tuple[list[str], str] | None:
    parts: list[str] = []
    pos = 0
    while True:
        m = _PIECE.match(text, pos)
        if not m or m.end() == pos:
            return None
        if m[1] is not None:
            try:
                parts.append(json.loads(f'"{m[1]}"'))
            except ValueError:
                parts.append(m[1])
        else:
            parts.append(m[2] if m[2] is not None else m[3])
        pos = m.end()
        if text[pos : pos + 1] == ".":
            pos += 1
            continue
        return parts, text[pos:]


def key_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """Each key's full path (array-of-tables entries by index) to its 1-based line."""
    lines: dict[tuple[str | int, ...], int] = {}
    table: tuple[str | int, ...] = ()
    counts: dict[tuple[str | int, ...], int] = {}
    in_multiline = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if in_multiline:
            if stripped.count('"""') % 2 == 1 or stripped.count("'''") % 2 == 1:
                in_multiline = False
            continue
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("[["):
            found = _key_path(stripped[2:])
            if found:
                base = _resolve(tuple(found[0]), counts)
                index = counts.get(base, 0)
                counts[base] = index + 1
                table = (*base, index)
                lines.setdefault(table, number)
                lines.setdefault(base, number)
            continue
        if stripped.startswith("["):
            found = _key_path(stripped[1:])
            if found:
                table = _resolve(tuple(found[0]), counts)
                lines.setdefault(table, number)
            continue
        found = _key_path(stripped)
        if found and found[1].lstrip().startswith("="):
            path = (*table, *found[0])
            lines.setdefault(path, number)
            value = found[1].lstrip()[1:]
            if value.lstrip().startswith("["):
                _array_lines(text, number, value, path, lines)
            elif value.count('"""') == 1 or value.count("'''") == 1:
                in_multiline = True
    return lines


def _array_lines(
    text: str,
    number: int,
    value: str,
    path: tuple[str | int, ...],
    lines: dict[tuple[str | int, ...], int],
) -> None:
    """The line of each element of an array value that starts on line `number`."""
    rest = [value, *text.splitlines()[number:]]
    depth, index, quote, started = 0, 0, "", False
    for offset, line in enumerate(rest):
        i = 0
        while i < len(line):
            ch = line[i]
            if quote:
                if ch == "\\" and quote == '"':
                    i += 1
                elif ch == quote:
                    quote = ""
            elif ch == "#":
                break
            elif ch in "\"'":
                quote = ch
                if depth == 1 and not started:
                    lines.setdefault((*path, index), number + offset)
                    started = True
            elif ch in "[{":
                depth += 1
                if depth == 2 and not started:
                    lines.setdefault((*path, index), number + offset)
                    started = True
            elif ch in "]}":
                depth -= 1
                if depth == 0:
                    return
            elif ch == "," and depth == 1:
                index, started = index + 1, False
            elif not ch.isspace() and depth == 1 and not started:
                lines.setdefault((*path, index), number + offset)
                started = True
            i += 1


def _resolve(
    path: tuple[str, ...], counts: dict[tuple[str | int, ...], int]
) -> tuple[str | int, ...]:
    """[a.b.c] under an array of tables [[a.b]] means the latest entry of a.b."""
    out: tuple[str | int, ...] = ()
    for part in path:
        out = (*out, part)
        if out in counts and len(out) < len(path):
            out = (*out, counts[out] - 1)
    return out


def line_of(text: str, loc: tuple[str | int, ...]) -> int | None:
    """The line of the key at loc, or of the nearest key that holds it."""
    lines = key_lines(text)
    for n in range(len(loc), 0, -1):
        if (found := lines.get(tuple(loc[:n]))) is not None:
            return found
    return None
