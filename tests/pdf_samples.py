"""Small PDFs written byte by byte for the tests of bad input (no PDF library writes them).

Each page is either text (ASCII, Helvetica) or a grey image with no text layer, which is what
a scanner produces.  ``encrypted=True`` adds a standard security handler whose user password
is not empty, so the file cannot be opened without it; ``restricted=True`` encrypts the file
with an empty user password (RC4, revision 2), as PDFs that only forbid copying or printing
are: any reader opens them.
"""
from __future__ import annotations

import hashlib
import struct
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


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
_FILE_ID = bytes(range(16))
_PERMISSIONS = -44  # printing and copying not allowed


def _rc4(key: bytes, data: bytes) -> bytes:
    box = list(range(256))
    j = 0
    for i in range(256):
        j = (j + box[i] + key[i % len(key)]) % 256
        box[i], box[j] = box[j], box[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + box[i]) % 256
        box[i], box[j] = box[j], box[i]
        out.append(byte ^ box[(box[i] + box[j]) % 256])
    return bytes(out)


def _restriction_keys(owner_password: bytes) -> tuple[bytes, bytes, bytes]:
    """(file key, /O, /U) of the standard security handler, revision 2, empty user password."""
    owner = _rc4(hashlib.md5((owner_password + _PAD)[:32]).digest()[:5], _PAD)
    key = hashlib.md5(_PAD + owner + struct.pack("<i", _PERMISSIONS) + _FILE_ID).digest()[:5]
    return key, owner, _rc4(key, _PAD)


def make_pdf(pages: list[Page], *, encrypted: bool = False, restricted: bool = False,
             overprint: bool = False) -> bytes:
    objects: list[bytes] = []  # objects[i] is object number i + 1
    streams: dict[int, tuple[bytes, bytes]] = {}  # object number -> (dictionary, data)

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def add_stream(head: bytes, data: bytes) -> int:
        number = add(b"")
        streams[number] = (head, data)
        return number

    catalog = add(b"")  # filled in below
    pages_obj = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    pixels = zlib.compress(bytes(range(256)) * 64)
    image = add_stream(b"/Type /XObject /Subtype /Image /Width 128 /Height 128 /ColorSpace /DeviceGray "
                       b"/BitsPerComponent 8 /Filter /FlateDecode", pixels)
    kids = []
    for page in pages:
        content = _text_stream(page, overprint) if page is not None else b"q 400 0 0 400 100 300 cm /Im1 Do Q"
        stream = add_stream(b"", content)
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                        b"/Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >> >>"
                        % (pages_obj, stream, font, image)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                              + b"] /Count %d >>" % len(kids))
    trailer_extra = b""
    key = None
    if encrypted:
        secret = add(b"<< /Filter /Standard /V 1 /R 2 /P -4 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32 + b"> >>")
        trailer_extra = b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (secret, b"01" * 16, b"01" * 16)
    elif restricted:
        key, owner, user = _restriction_keys(b"owner secret")
        secret = add(b"<< /Filter /Standard /V 1 /R 2 /P %d /O <%s> /U <%s> >>"
                     % (_PERMISSIONS, owner.hex().encode(), user.hex().encode()))
        trailer_extra = b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (secret, _FILE_ID.hex().encode(), _FILE_ID.hex().encode())
    for number, (head, data) in streams.items():
        if key is not None:
            data = _rc4(hashlib.md5(key + struct.pack("<i", number)[:3] + b"\0\0").digest()[:10], data)
        objects[number - 1] = b"<< %s /Length %d >>\nstream\n" % (head, len(data)) + data + b"\nendstream"

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
