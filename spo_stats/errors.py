"""Every failure the tool knows about, under one base class.

Messages name the file (and sheet and cell where there is one) and say what the user can do.
"""

from __future__ import annotations

import errno


class SpoStatsError(Exception):
    """Base class: the CLI turns these into one red line and exit code 1."""

    exit_code = 1

    def __reduce__(self) -> tuple[object, ...]:
        # Rebuilt from its message and attributes, not by calling __init__ again with the message
        # as its first argument: so an error raised in a worker process (publish/background.py)
        # arrives here as itself.
        return _rebuilt, (type(self), self.args, self.__dict__)


def _rebuilt(
    cls: type[SpoStatsError], args: tuple[object, ...], attrs: dict[str, object]
) -> SpoStatsError:
    exc = cls.__new__(cls)
    Exception.__init__(exc, *args)
    exc.__dict__.update(attrs)
    return exc


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


class ReaderCrashError(UnreadableFileError):
    """A native reader (calamine, fastexcel) panicked on the file: in practice a damaged file."""

    def __init__(self, path: str, detail: str) -> None:
        super().__init__(
            path,
            f"the reader crashed on it ({detail}); the file is probably truncated or corrupt. "
            "Download it again, or open and save it again.",
        )


class ReaderDiedError(UnreadableFileError):
    """The worker process reading the file died (killed, out of memory, a crash in native code)."""

    def __init__(self, path: str, detail: str) -> None:
        super().__init__(
            path,
            f"the process reading it died ({detail}), twice; the file is probably damaged or far "
            "too large. Open and save it again, or run with --jobs 1 to see more.",
        )


class SheetTooLargeError(UnreadableFileError):
    """A sheet whose cells reach so far that reading it would build a grid of gigabytes."""

    def __init__(self, path: str, sheet: str, corner: str, rows: int, cols: int) -> None:
        super().__init__(
            path,
            f"sheet {sheet!r} has cells out to {corner} ({cols:,} columns by {rows:,} rows), far "
            "more than a return holds, so it was not read. Delete the stray cells beyond the "
            "table, save, and re-run.",
        )


class PartTooLargeError(UnreadableFileError):
    """A part of a workbook (a sheet's XML) that unpacks to far more than any return holds."""

    def __init__(self, path: str, part: str, megabytes: int) -> None:
        super().__init__(
            path,
            f"its part {part} unpacks to more than {megabytes:,} MB, far more than a return "
            "holds, so it was not read. Delete what is beyond the table, save, and re-run.",
        )


class PdfStreamTooLargeError(UnreadableFileError):
    """A PDF whose compressed stream unpacks to far more than any letter holds."""

    def __init__(self, path: str, offset: int, megabytes: int) -> None:
        super().__init__(
            path,
            f"a stream in the PDF (at byte {offset:,}) unpacks to more than {megabytes:,} MB, far "
            "more than a letter holds, so it was not read. Ask the force for the reply as a "
            "spreadsheet, or print it to a new PDF and re-run.",
        )


class SheetNotCheckedError(UnreadableFileError):
    """A sheet whose XML cannot be parsed for hidden rows and formulas: its figures go unused.

    calamine might still read its cells, but a hidden row would then be read as data, so none of
    the file's figures are trusted.
    """

    def __init__(self, path: str, part: str, detail: str) -> None:
        super().__init__(
            path,
            f"its part {part} cannot be parsed ({detail}), so hidden rows and formulas could "
            "not be checked and none of its figures were used. Open and save it again in Excel "
            "or LibreOffice, and re-run.",
        )


class FileTimeBudgetError(UnreadableFileError):
    """Reading one file took longer than its budget: the file fails, the run goes on."""

    def __init__(self, path: str, seconds: float) -> None:
        super().__init__(
            path,
            f"reading it took more than {seconds:.3g} s, far longer than a return takes, so it "
            "was stopped. If it is a genuine return, save it again (in a plainer format, such "
            "as CSV) or re-run with a larger --file-seconds.",
        )


class PageTooLargeError(UnreadableFileError):
    """A saved web page larger than any reply page: refused whole, not cut short in silence."""

    def __init__(self, path: str, megabytes: float, cap: int) -> None:
        super().__init__(
            path,
            f"a saved page of {megabytes:,.0f} MB, more than the {cap:,} MB a reply page holds, "
            "so it was not read (cut short, its later tables would be lost). Save the reply's "
            "own attachment, or the page's table as CSV.",
        )


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


class NotAReturnError(NoObservationsError):
    """A file that is plainly not a return (no word of stalking or SPOs in it): skipped, named."""


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


class CleanDataInvalidError(SpoStatsError):
    """A row of the clean dataset that is no observation: the file was edited or damaged."""

    def __init__(self, path: str, line: int, what: str) -> None:
        super().__init__(
            f"{path} line {line}: not a valid row ({what}). Run 'spo-stats ingest' again to "
            "rebuild the clean dataset rather than editing it by hand."
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


class FetchError(SpoStatsError):
    """Fetching a page or file from the web failed; nothing was saved or replaced."""

    def __init__(self, message: str, url: str) -> None:
        super().__init__(message)
        self.url = url


class OfflineError(FetchError):
    def __init__(self, url: str, reason: str) -> None:
        super().__init__(
            f"{url}: cannot connect ({reason}). Check the network connection and try again; "
            "nothing was saved.",
            url,
        )


class FetchTimeoutError(FetchError):
    def __init__(self, url: str, seconds: float) -> None:
        super().__init__(
            f"{url}: no answer within {seconds:g} s. Try again later, or allow longer with "
            "--timeout; nothing was saved.",
            url,
        )


class FetchDeadlineError(FetchError):
    """The whole fetch ran past --deadline (a server dripping a byte every few seconds)."""

    def __init__(self, url: str, seconds: float) -> None:
        super().__init__(
            f"{url}: the fetch took longer than its deadline of {seconds:g} s, so it was stopped. "
            "Try again later, or allow longer with --deadline; nothing was saved.",
            url,
        )


class FetchTooLargeError(FetchError):
    """A page or file larger than any reply page or return, refused while it streamed."""

    def __init__(self, url: str, what: str, cap: int) -> None:
        super().__init__(
            f"{url}: the {what} is larger than {cap // (1024 * 1024):,} MB, far more than a "
            f"{'reply page' if what == 'page' else 'return'} holds, so it was not downloaded; "
            "nothing was saved.",
            url,
        )


class RedirectRefusedError(FetchError):
    """A redirect to another host, not followed unless the user allows it."""

    def __init__(self, url: str, target: str) -> None:
        super().__init__(
            f"{url}: the server redirects to another host ({target}). A figure would be cited "
            "to an address it did not come from, so the redirect was not followed. Fetch that "
            "address itself, or pass --allow-redirects; nothing was saved.",
            url,
        )


class PageNotFoundError(FetchError):
    def __init__(self, url: str, status: int = 404) -> None:
        super().__init__(
            f"{url}: not found (HTTP {status}). Check the address; nothing was saved.", url
        )


class HttpStatusError(FetchError):
    def __init__(self, url: str, status: int, reason: str) -> None:
        super().__init__(
            f"{url}: the server answered HTTP {status} {reason}. Try again later; nothing was saved.",
            url,
        )
        self.status = status


class NotContentApiError(FetchError):
    def __init__(self, url: str, reason: str) -> None:
        super().__init__(
            f"{url}: not a GOV.UK Content API page ({reason}). Check SPO_STATS_GOVUK_URL; "
            "nothing was saved.",
            url,
        )


class TableNotOnPageError(FetchError):
    def __init__(self, url: str, prefix: str) -> None:
        super().__init__(
            f"{url}: no police force area table (a file named {prefix}...) among the page's "
            "attachments. GOV.UK may have moved it: download it by hand into data/raw/home-office/; "
            "nothing was saved.",
            url,
        )


class DownloadIncompleteError(FetchError):
    def __init__(self, url: str, received: int, expected: int | None) -> None:
        of = f" of {expected:,}" if expected is not None else ""
        super().__init__(
            f"{url}: download cut short ({received:,}{of} bytes). Try again; nothing was saved "
            "or replaced.",
            url,
        )


class FetchForceUnknownError(FetchError):
    def __init__(self, url: str, detail: str = "") -> None:
        more = f" ({detail})" if detail else ""
        super().__init__(
            f"{url}: cannot tell which force this page is from{more}. Pass --force "
            "(e.g. --force cleveland); nothing was saved.",
            url,
        )


class NotAWebAddressError(UsageError):
    def __init__(self, url: str) -> None:
        super().__init__(f"{url!r} is not a web address. Give the page's full URL (https://...).")


class NotAReplyPageError(FetchError):
    def __init__(self, url: str, content_type: str) -> None:
        super().__init__(
            f"{url}: neither a web page nor a return file (the server says {content_type}). "
            "Give the address of the disclosure-log or WhatDoTheyKnow page; nothing was saved.",
            url,
        )


class BadBaseUrlError(UsageError):
    def __init__(self, variable: str, value: str) -> None:
        super().__init__(
            f"{variable}={value!r} is not a web address. Set it to a site such as "
            "https://www.gov.uk, or unset it."
        )


class UnknownTableForceError(SpoStatsError):
    """A force name in an official table that the registry does not know: the file fails, since
    leaving the force out would silently lower every national figure."""

    def __init__(self, path: str, names: dict[str, str]) -> None:
        listed = "; ".join(f"{name!r} ({where})" for name, where in sorted(names.items()))
        super().__init__(
            f"{path}: unknown force name(s) in the Home Office table: {listed}. No figure from "
            "this file was used. Add the spelling to the force's aliases in spo_stats/forces.py, "
            "or report it."
        )
        self.path = path
        self.names = names


class PopulationFileError(UnreadableFileError):
    """An ONS population workbook or lookup that cannot be read or does not add up."""


class PopulationMissingError(SpoStatsError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"{path}: no population figures in this dataset. Put ONS's mid-year estimates "
            "workbook and its local authority to police force area lookup in data/raw/ons/ "
            "(shipped with spo-stats) and run 'spo-stats ingest' again."
        )


class OutputPathError(SpoStatsError):
    """An output path that cannot be written as given (a folder for a file, a missing folder)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}.")
        self.path = path


class OutputWriteError(SpoStatsError):
    """Writing an output failed (permissions, a full disk, a read-only disk): named by the user's path."""

    def __init__(self, path: str, exc: OSError, replaced: bool = False) -> None:
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


class OutputBusyError(SpoStatsError):
    """Another ingest is writing the same output folder now."""

    def __init__(self, path: str) -> None:
        super().__init__(
            f"{path}: another spo-stats ingest is writing this folder now, so nothing was read "
            "or changed. Wait for it to finish and re-run, or give another --out."
        )


class EmptyDatasetError(SpoStatsError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"{path}: the dataset is empty (no figures at all). Run 'spo-stats ingest' on a folder "
            "of returns that hold figures, then run this again."
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
