#!/usr/bin/env python3
"""Writes the small PDFs of tests/test_pdf.c and tests/cli/mail_pdf.sh, by
hand (no PDF library needed), byte for byte the same on every run:
  python3 tests/data/pdf/make-pdfs.py [DIR]   (default: this folder)"""
import hashlib
import os
import sys


def pdf(pages, info=None, encrypt=None, file_id=b"0123456789abcdef"):
    """A PDF whose pages are (content stream, resources) pairs."""
    objs = []  # bodies; object number = index + 1

    def add(body):
        objs.append(body)
        return len(objs)

    catalog = add(None)
    tree = add(None)
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
               b" /Encoding /WinAnsiEncoding >>")
    kids = []
    for content, xobjects in pages:
        stream = add(b"<< /Length %d >>\nstream\n" % len(content) + content +
                     b"\nendstream")
        res = b"<< /Font << /F1 %d 0 R >>" % font
        if xobjects:
            res += b" /XObject << " + b" ".join(
                b"/%s %d 0 R" % (name, add(body)) for name, body in xobjects) + b" >>"
        res += b" >>"
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792]"
                        b" /Resources %s /Contents %d 0 R >>" % (tree, res, stream)))
    objs[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objs[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    trailer = b"/Root %d 0 R" % catalog
    if info:
        trailer += b" /Info %d 0 R" % add(info)
    if encrypt:
        trailer += b" /Encrypt %d 0 R" % add(encrypt)
    trailer += b" /ID [<%s> <%s>]" % (file_id.hex().encode(), file_id.hex().encode())
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, trailer, xref)
    return bytes(out)


def text(lines, x=72, y=720, lead=16):
    """A content stream drawing lines of text from (x, y) down; None skips a
    line (a paragraph gap)."""
    s = b"BT /F1 12 Tf %d %d Td %d TL\n" % (x, y, lead)
    for line in lines:
        if line is not None:
            esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            s += b"(" + esc.encode("cp1252") + b") Tj "
        s += b"T*\n"
    return s + b"ET"


def rc4(key, data):
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    i = j = 0
    out = bytearray()
    for c in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(c ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")


def standard_security(user, owner, file_id, perms=-4):
    """/Encrypt of the standard handler, revision 2 (RC4, 40 bits), with a
    user password: opening the file needs it."""
    pad = lambda p: (p + PAD)[:32]
    o = rc4(hashlib.md5(pad(owner)).digest()[:5], pad(user))
    key = hashlib.md5(pad(user) + o + perms.to_bytes(4, "little", signed=True) +
                      file_id).digest()[:5]
    u = rc4(key, PAD)
    return (b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" %
            (o.hex().encode(), u.hex().encode(), perms))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    files = {}
    page1 = text([
        "Port traffic report",
        None,
        "The port handled more inter-",
        "national cargo than ever in December,",
        "a well-known pattern before the holidays.",
        None,
        "Exports of grain rose sharply.",
    ])
    page2 = text([
        "Imports fell for the third month in a row.",
        "The authority expects a calmer spring.",
    ])
    info = (b"<< /Title (Port traffic in December) /Author (Harbour Authority)"
            b" /CreationDate (D:20240115233000-05'00') >>")
    files["report.pdf"] = pdf([(page1, None), (page2, None)], info)
    # Two columns, the right one drawn first: reading order puts the left first.
    cols = text(["Right column starts here and", "continues in the right column."],
                x=330) + b"\n" + text(["Left column comes first and", "ends in the left column."])
    files["columns.pdf"] = pdf([(cols, None)],
                               b"<< /CreationDate (D:20231109) >>")
    image = (b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray"
             b" /BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream")
    files["scanned.pdf"] = pdf([(b"q 540 0 0 720 36 36 cm /Im1 Do Q", [(b"Im1", image)])],
                               b"<< /Title (Scanned page) >>")
    fid = b"0123456789abcdef"
    files["encrypted.pdf"] = pdf([(text(["Secret words."]), None)],
                                 encrypt=standard_security(b"secret", b"owner", fid),
                                 file_id=fid)
    files["notapdf.pdf"] = b"This is a text file that someone named .pdf.\n"
    files["damaged.pdf"] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n"
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
