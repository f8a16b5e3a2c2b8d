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


class UnsupportedFormatError(UnreadableFileError):
    """A reply in a format spo-stats does not read (.doc, e-mail, image, archive)."""

    def __init__(self, path: str, kind: str, advice: str) -> None:
        super().__init__(path, f"{kind}: {advice}")
        self.kind = kind


class ScannedPdfError(UnreadableFileError):
    """A PDF with no text layer: a scan, which spo-stats does not OCR."""

    def __init__(self, path: str) -> None:
        super().__init__(
            path,
            "scanned: enter its figures by hand (a PDF with no text layer, an image of a letter; "
            "spo-stats does no OCR). Use the manual-entry format, or ask the force for the "
            "letter as text or a spreadsheet.",
        )
