"""Donor feedback as XLSX (openpyxl) and PDF.

The PDF is written by hand (about 40 lines) instead of adding a PDF library: it uses the PDF
standard's predefined Chinese font STSong-Light with the UniGB-UCS2-H encoding, which every
conforming reader supplies, so no font file is embedded and no dependency is added. Layout is one
line per row, new page when full; enough for a feedback sheet. For richer layout we would add
reportlab (pure Python, BSD) and embed a font.
"""

import io
from typing import Any

from django.utils.translation import gettext as _


def to_xlsx(rows: list[list[Any]], title: str | None = None) -> bytes:
    from openpyxl import Workbook  # 0.15 s to import: only when a report is downloaded, not at boot

    wb = Workbook()
    ws = wb.active
    ws.title = (title or _("捐赠反馈"))[:31]  # type: ignore[union-attr]
    for row in rows:
        ws.append(row)  # type: ignore[union-attr]
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


WIDTH = 54


def _hex(text: str) -> str:
    # UCS-2 big-endian; characters outside the BMP are replaced (the CMap is UCS-2 only)
    return "".join(f"{ord(c):04X}" if ord(c) < 0x10000 else "FFFD" for c in text)


def to_pdf(rows: list[list[Any]]) -> bytes:
    # Every glyph of the font is one em wide (/DW 1000): 54 characters of 10 pt fit between the
    # 40 pt margin and the page edge, so a longer row is wrapped rather than cut off.
    lines = [
        text[i : i + WIDTH] if text else ""
        for text in ("  ".join(str(c) for c in row) for row in rows)
        for i in range(0, max(len(text), 1), WIDTH)
    ]
    per_page, pages = 48, []
    for start in range(0, max(len(lines), 1), per_page):
        ops = ["BT /F1 10 Tf 14 TL 40 800 Td"]
        ops += [f"<{_hex(text)}> Tj T*" for text in lines[start : start + per_page]]
        ops.append("ET")
        pages.append("\n".join(ops).encode("ascii"))
    n = len(pages)
    kids = " ".join(f"{6 + 2 * i} 0 R" for i in range(n))
    # objects: 1 catalog, 2 pages, 3 font, 4 descendant font, 5 descriptor, then (page, content) pairs
    objs: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
        b" /DescendantFonts [4 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo"
        b" << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 5 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880]"
        b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    for i, content in enumerate(pages):
        objs.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {7 + 2 * i} 0 R"
            " /Resources << /Font << /F1 3 0 R >> >> >>".encode()
        )
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)
