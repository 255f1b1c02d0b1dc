"""Small PDFs written byte by byte for the tests of bad input (no PDF library writes them).

Each page is either text (ASCII, Helvetica) or a grey image with no text layer, which is what
a scanner produces.  ``encrypted=True`` adds a standard security handler whose user password
is not empty, so the file cannot be opened without it.
"""
from __future__ import annotations

import zlib
from typing import Union

Page = Union[str, None]  # text of the page, or None for an image-only (scanned) page


def _text_stream(text: str, overprint: bool = False) -> bytes:
    lines = []
    for i, line in enumerate(text.split("\n")):
        safe = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        lines.append(f"BT /F1 12 Tf 72 {760 - 16 * i} Td ({safe}) Tj ET")
        if overprint:  # fake bold: the same glyphs again, a fraction of a point to the right
            lines.append(f"BT /F1 12 Tf 72.3 {760 - 16 * i} Td ({safe}) Tj ET")
    return "\n".join(lines).encode("latin-1")


def make_pdf(pages: list[Page], *, encrypted: bool = False, overprint: bool = False) -> bytes:
    objects: list[bytes] = []  # objects[i] is object number i + 1

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    pages_obj = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    pixels = zlib.compress(bytes(range(256)) * 64)
    image = add(b"<< /Type /XObject /Subtype /Image /Width 128 /Height 128 /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % len(pixels)
                + pixels + b"\nendstream")
    kids = []
    for page in pages:
        content = _text_stream(page, overprint) if page is not None else b"q 400 0 0 400 100 300 cm /Im1 Do Q"
        stream = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                        b"/Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >> >>"
                        % (pages_obj, stream, font, image)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                              + b"] /Count %d >>" % len(kids))
    trailer_extra = b""
    if encrypted:
        secret = add(b"<< /Filter /Standard /V 1 /R 2 /P -4 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32 + b"> >>")
        trailer_extra = b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (secret, b"01" * 16, b"01" * 16)

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, catalog, trailer_extra, xref)
    return bytes(out)
