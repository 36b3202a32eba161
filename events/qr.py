"""QR codes (segno): the check-in link as a PNG for emails and as inline SVG for pages."""

import io

import segno


def qr_png(url: str, *, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def qr_svg(url: str, *, title: str) -> str:
    """An <svg> element with a <title> (its text alternative), to put into a page."""
    return segno.make(url, error="m").svg_inline(scale=5, border=4, title=title, svgclass="qr-code")
