"""Atomic writes and the clean dataset on disk.

Every file is written to a temporary file in the same folder and renamed over the old one, so a
crash, a kill or Ctrl-C leaves either the old file or the new one, never half of either.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import json
import os
import stat
import tempfile
from collections.abc import Iterable
from datetime import datetime
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from spo_stats.dataset import generations
from spo_stats.dataset.generations import current_folder
from spo_stats.dataset.package import dataset_package
from spo_stats.dataset.stops import stop_point
from spo_stats.errors import (
    CleanDataInvalidError,
    CleanDataMissingError,
    OutputPathError,
    OutputWriteError,
)
from spo_stats.read.arrow import without_pandas
from spo_stats.schema import COLUMNS, POPULATION_COLUMNS, Observation, PopulationFigure

OBSERVATIONS_CSV = "observations.csv"
OBSERVATIONS_PARQUET = "observations.parquet"
INGEST_REPORT = "ingest-report.json"
POPULATION_CSV = "population.csv"
DATAPACKAGE = "datapackage.json"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    atomic_write_many({path: data})


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def json_bytes(obj: Any) -> bytes:
    return (json.dumps(obj, indent=2, default=str, ensure_ascii=False) + "\n").encode("utf-8")


def listing_json_bytes(obj: dict[str, Any]) -> bytes:
    """obj as JSON laid out like json_bytes, but each item of a list at its top on one line.

    For the ingest report, a line a file: json's C encoder writes each line, where indenting
    every level runs its Python one (0.07 s of a run that read one file of 5,040, 0.36 s profiled).
    """
    if not obj:
        return b"{}\n"
    fields = []
    for name, value in obj.items():
        head = f"  {_compact(name)}: "
        if isinstance(value, list) and value:
            lines = ",\n".join(f"    {_compact(item)}" for item in value)
            fields.append(f"{head}[\n{lines}\n  ]")
        else:
            fields.append(head + _compact(value))
    return ("{\n" + ",\n".join(fields) + "\n}\n").encode("utf-8")


def _compact(obj: Any) -> str:
    return json.dumps(obj, default=str, ensure_ascii=False, separators=(", ", ": "))


def atomic_write_json(path: Path, obj: Any) -> None:
    atomic_write_bytes(path, json_bytes(obj))


def observation_rows(observations: Iterable[Observation]) -> list[dict[str, Any]]:
    return [o.model_dump(mode="json") for o in observations]


def csv_text(rows: list[dict[str, Any]], columns: Iterable[str] = COLUMNS) -> str:
    # csv.writer over lists rather than DictWriter over dicts: the same bytes, in the half of the
    # time that counts when one file is added to thousands (the whole dataset is written again).
    names = list(columns)
    buf = io.StringIO()
    writer = _CsvRows(buf)
    writer.writerow(names)
    cell = _csv_cell
    writer.writerows([cell(row.get(k)) for k in names] for row in rows)
    return buf.getvalue()


# A spreadsheet opening a CSV runs a text cell that begins with one of these as a formula
# (=HYPERLINK(...) from a return's notes, in a journalist's Excel). OWASP's advice: prefix such text
# with an apostrophe, which spreadsheets show as text; numbers are never touched.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A text that a spreadsheet would run, with one apostrophe more; so is a text whose own
    apostrophes come before such a start ("'-' means nil"), so that unneutralise gives back
    every text as it was, never guessing which apostrophe was ours."""
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def unneutralise(text: str) -> str:
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _csv_cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return neutralise(v)
    return v


def parquet_bytes(rows: list[dict[str, Any]], schema: Any = None) -> bytes:
    """rows as a Parquet file; schema: a pyarrow schema (the dataset's own by default)."""
    # pyarrow imports pandas, where it is installed, on building its first array (to look for
    # pandas types our rows never hold): 0.45 s of every ingest.
    with without_pandas():
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = schema if schema is not None else arrow_schema()
        table = pa.Table.from_pylist(rows, schema=schema) if rows else schema.empty_table()
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink)
        return bytes(sink.getvalue().to_pybytes())


# The observation columns that are not text; every other column is a string.
DATE_COLUMNS = ("period_start", "period_end", "source_date")
INT_COLUMNS = ("value", "value_min", "value_max")
BOOL_COLUMNS = ("approximate",)


def arrow_schema() -> Any:
    import pyarrow as pa

    types = {c: pa.date32() for c in DATE_COLUMNS}
    types |= {c: pa.int64() for c in INT_COLUMNS} | {c: pa.bool_() for c in BOOL_COLUMNS}
    return pa.schema([(c, types.get(c, pa.string())) for c in COLUMNS])


def observation_table(observations: list[Observation]) -> list[list[Any]]:
    """Each column of the observations, in COLUMNS order, as Python values (dates as dates).

    Read a column at a time from each model's own dict, not through model_dump: a dict made for
    each row (and its ISO dates parsed back) was a fifth of writing 30,000 rows, and turning
    30,000 rows into columns (zip(*rows)) costs twice this."""
    fields = list(map(vars, observations))
    return [list(map(itemgetter(c), fields)) for c in COLUMNS]


# What can begin a text neutralise() changes: the formula starts, or an apostrophe before one.
_RISKY_FIRST = frozenset("".join(FORMULA_STARTS) + "'")


def observation_lines(observations: list[Observation]) -> list[str]:
    """Each observation's line of the dataset's CSV, its newline included (csv_text's bytes for
    its row, a column at a time: only a text that could start a formula goes through neutralise).

    Made where a file is read and kept with its reading in the cache, so the dataset's CSV is
    these lines joined in the dataset's order: rendering 30,000 rows was 0.18 s of every run.
    """
    cells: list[list[Any]] = []
    for name, col in zip(COLUMNS, observation_table(observations), strict=True):
        if name in BOOL_COLUMNS:
            col = ["" if v is None else "true" if v else "false" for v in col]
        elif name not in DATE_COLUMNS and name not in INT_COLUMNS:
            col = [neutralise(v) if v and v[0] in _RISKY_FIRST else v for v in col]
        cells.append(col)  # dates and counts: the csv module writes str(v), and None as ""
    writer = _CsvRows(_Given())
    return [writer.writerow(row) for row in zip(*cells, strict=True)]


class _CsvRows:
    """csv.writer with newline line ends, quoting a row whose text holds a lone carriage return:
    with "\n" as the line end the csv module leaves "\r" bare, and a reader ends the row there."""

    def __init__(self, out: Any) -> None:
        self._min = csv.writer(out, lineterminator="\n")
        self._all = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writerow(self, row: Iterable[Any]) -> Any:
        row = list(row)
        bare_cr = any(isinstance(v, str) and "\r" in v for v in row)
        return (self._all if bare_cr else self._min).writerow(row)

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class _Given:
    """A file whose write() gives back the text, so csv.writer.writerow returns the line."""

    def write(self, text: str) -> str:
        return text


def observations_csv(lines: list[str]) -> bytes:
    """The dataset's CSV: its header and observation_lines in the dataset's order."""
    header: str = csv.writer(_Given(), lineterminator="\n").writerow(COLUMNS)
    return (header + "".join(lines)).encode("utf-8")


def observations_parquet(observations: list[Observation]) -> bytes:
    """The observations as the dataset's Parquet file.

    Each row given to Arrow as the tuple of its fields (one attrgetter a row), made a struct
    array and so a table in Arrow's own loop: building Python lists a column first was twice
    the time for 30,000 rows."""
    with without_pandas():  # see parquet_bytes
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = arrow_schema()
        rows = list(map(attrgetter(*COLUMNS), observations))
        table = pa.Table.from_struct_array(pa.array(rows, type=pa.struct(schema)))
        sink = pa.BufferOutputStream()
        pq.write_table(table if rows else schema.empty_table(), sink)
        return bytes(sink.getvalue().to_pybytes())


def write_dataset(
    out: Path,
    observations: list[Observation],
    report: dict[str, Any],
    population: list[PopulationFigure] | None = None,
    made_at: datetime | None = None,
    fingerprint: str | None = None,
    lines: list[str] | None = None,
) -> None:
    """observations.csv and .parquet, ingest-report.json, population.csv and datapackage.json, together.

    made_at: when the dataset was made, the data package's `created` (the caller's clock; none
    given, none written). lines: observation_lines(observations), where the caller has them.

    Every part is built in memory, then written as one new generation (dataset/generations.py)
    that is made current in one rename: a failure or kill at any moment leaves the old dataset
    wholly or the new one wholly. fingerprint: what the inputs were, kept in the manifest, from
    which the next run decides whether anything changed.
    """
    lines = observation_lines(observations) if lines is None else lines
    if len(lines) != len(observations):
        raise ValueError("a line for each observation, or none")
    parts = {
        OBSERVATIONS_PARQUET: observations_parquet(observations),
        OBSERVATIONS_CSV: observations_csv(lines),
        INGEST_REPORT: listing_json_bytes(report),
        POPULATION_CSV: csv_text(
            [p.model_dump(mode="json") for p in population or []], POPULATION_COLUMNS
        ).encode("utf-8"),
        DATAPACKAGE: json_bytes(dataset_package(observations, created=made_at)),
    }
    stop_point("build")
    before = generations.state(out, PARTS)
    try:
        generations.write(out, parts, fingerprint, new_file_mode())
    except OSError as exc:
        # Named by the user's own path, never a hidden generation's; "replaced" read from disk.
        name = Path(exc.filename).name if isinstance(exc.filename, str) else ""
        shown = out / name if name in PARTS else out
        replaced = not generations.state(out, PARTS).same_dataset(before)
        raise OutputWriteError(str(shown), exc, replaced=replaced) from exc


PARTS = (OBSERVATIONS_PARQUET, OBSERVATIONS_CSV, INGEST_REPORT, POPULATION_CSV, DATAPACKAGE)


def dataset_state(out: Path) -> Any:
    """What out holds now (generations.State), read from disk."""
    return generations.state(out, PARTS)


def atomic_write_many(files: dict[Path, bytes]) -> None:
    """Write every file to a synced temporary file, then rename them all into place.

    A file gets the permissions any new file gets under the user's umask (0644 under the usual
    022), not mkstemp's private 0600, so a colleague or a web server can read it. A failure to
    write is an OutputWriteError naming the user's own path, never the hidden temporary file.
    A file that already holds exactly these bytes is left as it is: a run on unchanged data
    rewrites nothing (its time stamp shows when it last changed, and tools that watch files
    see no change).
    """
    files = {path: data for path, data in files.items() if not _holds(path, data)}
    staged: list[tuple[str, Path]] = []
    mode = new_file_mode()
    path = next(iter(files), Path("."))
    renamed = False
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            remove_stale_temps(path)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as fh:
                os.fchmod(fh.fileno(), mode)
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        for tmp, path in staged:
            os.replace(tmp, path)
            renamed = True
    except BaseException as exc:
        for tmp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputWriteError(str(path), exc, replaced=renamed) from exc
        raise


def _holds(path: Path, data: bytes) -> bool:
    """The regular file at path holds exactly data (a link is replaced, as ever)."""
    try:
        st = path.lstat()
        if not stat.S_ISREG(st.st_mode) or st.st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def current_umask() -> int:
    """The process's umask (reading it means setting it: put straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """0666 less the umask: what open() would give a new file (mkstemp gives a private 0600)."""
    return 0o666 & ~current_umask()


def check_output_file(path: Path) -> None:
    """Before any work: path can be written as a file (its folder exists and takes new files)."""
    if path.is_dir():
        raise OutputPathError(
            str(path), "is a folder, not a file. Give a file name, e.g. rates.csv"
        )
    if path.exists() and not path.is_file():
        raise OutputPathError(
            str(path), "is not an ordinary file (a device or a pipe). Give a file name"
        )
    folder = path.parent
    if not folder.exists():
        raise OutputPathError(
            str(path), f"the folder {folder} does not exist. Create it first, or write elsewhere"
        )
    if not folder.is_dir():
        raise OutputPathError(str(path), f"{folder} is a file, not a folder. Write elsewhere")
    _probe(folder, path)


def check_output_dir(path: Path) -> None:
    """Before any work: path is a folder that takes new files (created if missing)."""
    if path.exists() and not path.is_dir():
        raise OutputPathError(str(path), "is a file, not a folder. Give a folder to write into")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        if exc.errno == errno.ENOENT:  # the folder above exists but takes no new folders (/proc)
            raise OutputPathError(
                str(path), "cannot be created there. Choose a folder you can write to"
            ) from exc
        raise OutputWriteError(str(path), exc) from exc
    _probe(path, path)


def _probe(folder: Path, shown: Path) -> None:
    """Create and remove a temporary file: the one test that also holds for root and read-only disks."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        if exc.errno == errno.ENOENT and folder.is_dir():  # a folder that takes no files (/proc)
            raise OutputPathError(
                str(shown), f"files cannot be created in {folder}. Choose a folder you can write to"
            ) from exc
        raise OutputWriteError(str(shown), exc) from exc


def remove_stale_temps(path: Path) -> None:
    """Temporary files a killed run left behind (a kill cannot clean up after itself)."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def load_rows(clean: Path) -> list[Observation]:
    """The clean dataset as typed observations, validated as ingest validated them.

    Read from the CSV with the csv module: for reports this is ten times faster than loading
    pyarrow (which also pulls in pandas) to read the Parquet copy.
    """
    path = current_folder(clean) / OBSERVATIONS_CSV
    if not path.is_file():
        raise CleanDataMissingError(str(clean))
    return _load_csv(Observation, path, clean / OBSERVATIONS_CSV)


_M = TypeVar("_M", bound=BaseModel)

# What ingest writes, the loaders must read: a return's cell of 200 KB of text (a mutated file,
# found by make fuzz-files) made a field past the csv module's 128 KB default, and every command
# reading the dataset then stopped with a traceback. The limit is the process's, so it is put
# back: the readers of returns keep their own.
_FIELD_LIMIT = 1 << 30


def _load_csv(model: type[_M], path: Path, shown: Path) -> list[_M]:
    """Every row of a CSV the tool wrote, as model; shown: the user's name for the file."""
    before = csv.field_size_limit(_FIELD_LIMIT)
    rows: list[_M] = []
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            for line, raw in enumerate(csv.DictReader(fh), start=2):
                rows.append(_validated(model, raw, shown, line))
    except csv.Error as exc:
        raise CleanDataInvalidError(str(shown), len(rows) + 2, str(exc)) from exc
    finally:
        csv.field_size_limit(before)
    return rows


def _validated(model: type[_M], raw: dict[str, str], path: Path, line: int) -> _M:
    """One CSV row as model: an empty cell is a missing value, a neutralised text its own text."""
    fields = {k: (unneutralise(v) if v else None) for k, v in raw.items()}
    # Text columns hold "" for nothing; only typed columns take None.
    for name, info in model.model_fields.items():
        if fields.get(name) is None and info.annotation is str:
            fields[name] = ""
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        what = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'row'}: {e['msg']}" for e in exc.errors()[:3]
        )
        raise CleanDataInvalidError(str(path), line, what) from exc


def load_ingest_report(clean: Path) -> dict[str, Any]:
    path = current_folder(clean) / INGEST_REPORT
    if not path.exists():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def load_population(clean: Path) -> list[PopulationFigure]:
    """The population table (population.csv); empty for a dataset ingested without one."""
    path = current_folder(clean) / POPULATION_CSV
    if not path.is_file():
        return []
    return _load_csv(PopulationFigure, path, clean / POPULATION_CSV)
