"""Every failure the tool knows about, under one base class.

Messages name the file (and sheet and cell where there is one) and say what the user can do.
"""

from __future__ import annotations


class SpoStatsError(Exception):
    """Base class: the CLI turns these into one red line and exit code 1."""

    exit_code = 1


class UsageError(SpoStatsError):
    """The command was called wrongly (bad option value, unknown force)."""

    exit_code = 2


class UnknownForceError(UsageError):
    def __init__(self, name: str, suggestions: list[str]) -> None:
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(
            f"Unknown force {name!r}.{hint} Run 'spo-stats forces' to list every force."
        )
        self.name = name
        self.suggestions = suggestions


class UnreadableFileError(SpoStatsError):
    """A file that cannot be opened as a spreadsheet or CSV."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class EmptyFileError(UnreadableFileError):
    def __init__(self, path: str) -> None:
        super().__init__(path, "the file is empty (0 bytes). Save the return again and re-run.")


class PasswordProtectedError(UnreadableFileError):
    def __init__(self, path: str) -> None:
        super().__init__(
            path,
            "the workbook is password-protected. Ask the force for an unprotected copy, "
            "or save one without the password.",
        )


class NoObservationsError(SpoStatsError):
    """A readable file in which no figure could be recognised."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path


class ForceNotIdentifiedError(SpoStatsError):
    def __init__(self, path: str, detail: str = "") -> None:
        more = f" ({detail})" if detail else ""
        super().__init__(
            f"{path}: cannot tell which force this return is from{more}. Put it in a folder "
            "named for the force (data/raw/<force>/), name the force in the file name, "
            "or pass --force."
        )
        self.path = path


class RawDirError(UsageError):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")


class CleanDataMissingError(SpoStatsError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"{path}: no ingested dataset here. Run 'spo-stats ingest' first "
            "(or point --clean at the folder that holds observations.parquet)."
        )


class NothingIngestedError(SpoStatsError):
    def __init__(self, raw: str, failed: int) -> None:
        super().__init__(
            f"{raw}: all {failed} file(s) failed; the previous clean dataset was left as it was. "
            "See the table above for each file's reason."
        )


class ExportFormatError(UsageError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"{path}: unknown export format. Use a file ending in .csv, .xlsx, .parquet, "
            ".json, .sqlite or .db."
        )


class SidecarError(SpoStatsError):
    """A sidecar (<return>.spo.toml) that cannot be read: names the file, the line and the key."""

    def __init__(self, path: str, line: int | None, key: str, reason: str) -> None:
        where = f"{path}, line {line}" if line else path
        what = f", key {key}" if key else ""
        super().__init__(f"{where}{what}: {reason}")
        self.path = path
        self.line = line
        self.key = key


class SidecarForceConflictError(SpoStatsError):
    """A sidecar states one force and the return itself names another."""

    def __init__(self, path: str, sidecar: str, stated: str, named: str) -> None:
        super().__init__(
            f"{path}: its sidecar {sidecar} says the force is {stated}, but the return itself "
            f"names {named}. Correct the sidecar's force, or remove it if the return is right."
        )
        self.path = path


class SidecarOrphanError(SpoStatsError):
    """A sidecar with no return beside it: its statements would apply to nothing."""

    def __init__(self, path: str, expected: str) -> None:
        super().__init__(
            f"{path}: no return named {expected!r} beside it, so nothing it states is applied. "
            "Rename it to '<return file name>.spo.toml' (e.g. response.xlsx.spo.toml)."
        )
        self.path = path
