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


class OutputPathError(SpoStatsError):
    """An output path that cannot be written as given (a folder for a file, a missing folder)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}.")
        self.path = path


class OutputWriteError(SpoStatsError):
    """Writing an output failed (permissions, a full disk, a read-only disk): named by the user's path."""

    def __init__(self, path: str, exc: OSError, replaced: bool = False) -> None:
        import errno

        code = exc.errno
        if code in (errno.ENOSPC, errno.EDQUOT):
            what = "the disk is full. Free some space, or write to another disk, and run again"
        elif code in (errno.EACCES, errno.EPERM):
            what = "permission denied. Choose a folder you can write to, or change its permissions"
        elif code == errno.EROFS:
            what = "the disk is read-only. Choose a folder on a disk you can write to"
        elif code in (errno.ENOTDIR, errno.EEXIST):
            what = "part of the path is a file, not a folder. Choose another path"
        elif code == errno.EISDIR:
            what = "is a folder, not a file. Give a file name"
        elif code == errno.ENOENT:
            what = "the folder does not exist. Create it first, or write elsewhere"
        else:
            what = f"cannot write ({exc.strerror or exc}). Check the path and its permissions"
        kept = "" if replaced else " Nothing was replaced."
        super().__init__(f"{path}: {what}.{kept}")
        self.path = path


class EmptyDatasetError(SpoStatsError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"{path}: the dataset is empty (no figures at all). Run 'spo-stats ingest' on a folder "
            "of returns that hold figures, then run this again."
        )
