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


class ForceConflictError(SpoStatsError):
    """A file names a different force from the one it was given (by --force or its folder)."""

    def __init__(self, path: str, given: str, named: str, where: str) -> None:
        super().__init__(
            f"{path}: given as {given}, but the file names {named} ({where}); nothing from it "
            "is used. "
            "Move it to the right force's folder, or state the force in a sidecar "
            "(<file>.spo.toml)."
        )
        self.path = path


class RawDirError(UsageError):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")


class SheetNotFoundError(UsageError):
    def __init__(self, path: str, sheet: str, sheets: list[str]) -> None:
        super().__init__(
            f"{path}: no sheet named {sheet!r}; its sheets are {', '.join(map(repr, sheets))}."
        )


class CleanDataMissingError(SpoStatsError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"{path}: no ingested dataset here. Run 'spo-stats ingest' first "
            "(or point --clean at the folder that holds observations.parquet)."
        )


class NothingIngestedError(SpoStatsError):
    def __init__(self, raw: str, files: int) -> None:
        what = f"none of its {files} file(s) gave a figure" if files else "it holds no files"
        super().__init__(
            f"{raw}: {what}; the previous clean dataset was left as it was. "
            "Each file's reason is listed above."
        )


class ExportFormatError(UsageError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"{path}: unknown export format. Use a file ending in .csv, .xlsx, .parquet, "
            ".json, .sqlite or .db."
        )
