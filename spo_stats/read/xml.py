"""XML inside a workbook (xlsx sheets, ODS content.xml), parsed safely and in linear time.

The parts come from whoever sent the file. defusedxml's parser refuses entity definitions and
external references (entity bombs, XXE), which the standard library's expat would expand. And
expat 2.5 (this Python's) re-scans a token that is still incomplete from its first byte at every
feed, so a megabyte comment fed 16 KB at a time, as ElementTree.iterparse feeds, costs time in
the square of its length: a 63 KB xlsx took 111 s. Here a feed that ends inside a token doubles
the next feed, so a long token is re-scanned only a logarithmic number of times, each on a
doubling length: linear in all. Unpacked bytes are counted and capped as they are read.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import IO, Literal

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

_FIRST_FEED = 64 * 1024
_LARGEST_FEED = 64 * 1024 * 1024

# What a damaged or hostile part raises (the caller turns it into the file's one line).
XML_REFUSED: tuple[type[Exception], ...] = (ET.ParseError, DefusedXmlException)


class PartBytesExceeded(Exception):
    """The part unpacks to more bytes than the caller allows."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"unpacks to more than {limit // (1024 * 1024):,} MB")
        self.limit = limit


def iterparse(
    fh: IO[bytes],
    events: tuple[Literal["start", "end"], ...] = ("end",),
    max_bytes: int | None = None,
) -> Iterator[tuple[str, ET.Element]]:
    """(event, element) pairs as ElementTree.iterparse gives them, from a defused parser.

    max_bytes: PartBytesExceeded once more than this many bytes have been read.
    """
    pull = ET.XMLPullParser(events, _parser=DefusedXMLParser(target=ET.TreeBuilder()))
    size, read = _FIRST_FEED, 0
    while chunk := fh.read(size):
        read += len(chunk)
        if max_bytes is not None and read > max_bytes:
            raise PartBytesExceeded(max_bytes)
        pull.feed(chunk)
        produced = False
        for event in pull.read_events():
            produced = True
            yield event  # type: ignore[misc]
        # No event from a whole feed: inside one long token, so feed more at once next time.
        size = _FIRST_FEED if produced else min(size * 2, _LARGEST_FEED)
    pull.close()
    yield from pull.read_events()  # type: ignore[misc]
