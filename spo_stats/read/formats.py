"""The file formats: which are read and how, which are not and what ingest says of them.

The one place a format is listed. Ingest, the returns dispatcher, the population sniffing, fetch
(what it downloads, what it names and leaves) and the Home Office table's fetch ask this module;
a new format is a new entry in FORMATS, with its reader (read/cells.py reads every sheet format,
told by content; a letter format has its own module) and, where content can tell it, a rule in
detect().

The content decides where it can (a PDF saved as .docx is read as a PDF); the suffix decides what
content cannot say (.doc, .pptx, an image named by its suffix alone).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from spo_stats.errors import UnreadableFileError, UnsupportedFormatError
from spo_stats.read.cells import Peek, peek
from spo_stats.read.letters import Letter, LetterKind
from spo_stats.read.pdf import read_pdf
from spo_stats.read.webpage import read_html
from spo_stats.read.word import read_docx

ReadsAs = Literal["sheets", "letter"]
_BY_HAND = "enter its figures in the manual-entry format"
_SAVE_AS_DOCX = f"not read; save it as .docx or {_BY_HAND}."
_SAVE_MAIL = (
    "not read; save the reply and its attachments into the folder (as PDF, .docx or a "
    f"spreadsheet), or {_BY_HAND}."
)
_ARCHIVE = "an archive, not read; unpack it into the folder and re-run."
_IMAGE = f"an image, not read (spo-stats does no OCR); {_BY_HAND}."


@dataclass(frozen=True)
class FileFormat:
    name: str
    suffixes: tuple[str, ...]
    # How it is read: as sheets of cells (read/cells.read_sheets, which tells xlsx, xls, ods and
    # csv apart by content) or as a letter (LETTER_READERS); None where it is not read.
    reads_as: ReadsAs | None = None
    # For a format not read: what ingest says of the file, with what to do.
    why_not: str = ""
    # A format told by its suffix alone and never opened: notes and data beside the returns.
    by_suffix: bool = False
    # Listed in ingest's report as skipped rather than as an unsupported format (notes).
    notes: bool = False
    # Fetch downloads a link to it from an FOI reply page. A web page is not an attachment: a
    # link to one is another page, and the reply page itself is kept as .html.
    attachment: bool = True


FORMATS: tuple[FileFormat, ...] = (
    FileFormat("xlsx", (".xlsx", ".xlsm"), "sheets"),
    FileFormat("xls", (".xls",), "sheets"),
    FileFormat("ods", (".ods",), "sheets"),
    FileFormat("csv", (".csv",), "sheets"),
    FileFormat("pdf", (".pdf",), "letter"),
    FileFormat("docx", (".docx",), "letter"),
    FileFormat("html", (".html", ".htm"), "letter", attachment=False),
    FileFormat("doc", (".doc", ".rtf", ".odt"), why_not=_SAVE_AS_DOCX),
    FileFormat("msg", (".msg",), why_not="an Outlook e-mail, " + _SAVE_MAIL),
    FileFormat("eml", (".eml",), why_not="an e-mail, " + _SAVE_MAIL),
    FileFormat(
        "pptx",
        (".pptx", ".ppt", ".odp"),
        why_not=f"a presentation, not read; save it as PDF or {_BY_HAND}.",
    ),
    FileFormat("archive", (".zip", ".7z", ".rar"), why_not=_ARCHIVE),
    FileFormat(
        "image",
        (".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp", ".heic", ".webp"),
        why_not=_IMAGE,
    ),
    FileFormat(
        "txt",
        (".txt",),
        why_not="a text file: not read (letters are read as PDF, Word or web pages); "
        + _BY_HAND
        + ".",
        by_suffix=True,
    ),
    FileFormat("json", (".json",), why_not="JSON: not read.", by_suffix=True, attachment=False),
    FileFormat(
        "notes",
        (".md",),
        why_not="notes, not a return: not read.",
        by_suffix=True,
        notes=True,
        attachment=False,
    ),
)
BY_NAME: dict[str, FileFormat] = {f.name: f for f in FORMATS}
BY_SUFFIX: dict[str, FileFormat] = {s: f for f in FORMATS for s in f.suffixes}
# Each reader takes the path, the name to say, and the file's bytes where the caller holds them
# (ingest's peek keeps a small file whole), so that it is not opened again.
LETTER_READERS: dict[LetterKind, Callable[[Path, str, bytes | None], Letter]] = {
    "pdf": read_pdf,
    "docx": read_docx,
    "html": read_html,
}


def suffixes(*, reads_as: ReadsAs | None = None, read: bool | None = None) -> tuple[str, ...]:
    """The suffixes of the formats read as sheets or letters, or of all read (or not read)."""
    return tuple(
        s
        for f in FORMATS
        if (reads_as is None or f.reads_as == reads_as)
        and (read is None or (f.reads_as is not None) == read)
        for s in f.suffixes
    )


SHEET_SUFFIXES = suffixes(reads_as="sheets")
LETTER_SUFFIXES = suffixes(reads_as="letter")
# What fetch downloads from a reply page, and the links it names and leaves.
ATTACHMENT_SUFFIXES = tuple(s for f in FORMATS if f.reads_as and f.attachment for s in f.suffixes)
NOT_READ_SUFFIXES = tuple(
    s for f in FORMATS if f.reads_as is None and f.attachment for s in f.suffixes
)


def named_by_suffix(path: Path) -> FileFormat | None:
    """The format of a file told by its suffix alone and never opened (notes, JSON), else None."""
    f = BY_SUFFIX.get(path.suffix.lower())
    return f if f is not None and f.by_suffix else None


def read_letter(path: Path, name: str, kind: LetterKind, data: bytes | None = None) -> Letter:
    """The lines and tables of a letter; UnreadableFileError (or ScannedPdfError) if it has none.

    data: the whole file where the caller holds it, read instead of opening the file."""
    return LETTER_READERS[kind](path, name, data)


_IMAGES = {
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
    b"BM": "BMP",
}


def _unread(name: str, suffix: str, label: str = "") -> UnsupportedFormatError:
    return UnsupportedFormatError(name, label or suffix[1:].upper(), BY_SUFFIX[suffix].why_not)


def detect(path: Path, name: str, seen: Peek | None = None) -> LetterKind | None:
    """The letter format of a file, None for a spreadsheet or CSV; formats not read raise.

    The content decides where it can (a PDF saved as .docx is read as a PDF). seen: the file's
    Peek where the caller has it (ingest peeks once for every sniffer).
    """
    seen = seen or peek(path, name, with_sha=False)
    head = seen.head[:4096]
    suffix = path.suffix.lower()
    known = BY_SUFFIX.get(suffix)
    # Formats told by suffix alone are never opened by ingest; opened here (explain), read as ever.
    unread = known is not None and known.reads_as is None and not known.by_suffix
    if b"%PDF-" in head[:1024]:
        return "pdf"
    for magic, label in _IMAGES.items():
        if head.startswith(magic):
            raise _unread(name, ".png", label)
    if head.startswith(b"PK\x03\x04"):
        return _zipped(seen.members, name, suffix, unread)
    if _looks_html(head):
        return "html"  # also a web page saved as .doc, as some systems export "Word" files
    if unread and head:
        raise _unread(name, suffix)
    if known is not None and known.reads_as == "letter" and head:
        # pdf or docx without its signature: its own reader says what is wrong
        return known.name  # type: ignore[return-value]
    return None


def _zipped(
    members: frozenset[str] | None, name: str, suffix: str, unread: bool
) -> LetterKind | None:
    """A zip's format from its members (None: too damaged to list): Word, a workbook, a
    presentation, or an archive."""
    if members is None and suffix == ".docx":
        raise UnreadableFileError(
            name, "the Word document is truncated or corrupt (a damaged zip). Download it again."
        )
    if members is not None and "word/document.xml" in members:
        return "docx"
    if unread:  # .odt and .pptx are zips too
        raise _unread(name, suffix)
    if members is not None and any(m.startswith("ppt/") for m in members):
        raise _unread(name, ".pptx")
    if members is None or _is_workbook(members) or suffix in SHEET_SUFFIXES:
        return None  # a workbook, or a damaged zip the spreadsheet reader names
    raise _unread(name, ".zip", "ZIP")


def _is_workbook(members: frozenset[str]) -> bool:
    return "mimetype" in members or any(m.startswith("xl/") for m in members)


def _looks_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html"))
