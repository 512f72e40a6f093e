#!/usr/bin/env python3
"""A picture of qalint's pretty output, true to the binary: runs it with colour on a page of
the fixture site and draws what it printed as an SVG (a terminal's colours, a monospace font).
CI draws it again and fails when the committed picture differs (.ci/run).

    python3 scripts/screenshot.py QALINT OUT.svg
"""
import html
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLOURS = {"31": "#f14c4c", "32": "#23d18b", "33": "#f5f543", "35": "#d670d6", "36": "#29b8db"}
CELL_W, LINE_H, PAD = 8.4, 18, 16


def spans(line):
    """(text, style) runs of one line of ANSI-coloured text."""
    style = {}
    out = []
    for part in re.split(r"(\x1b\[[0-9;]*m)", line):
        codes = re.fullmatch(r"\x1b\[([0-9;]*)m", part)
        if codes:
            for code in (codes.group(1) or "0").split(";"):
                if code == "0":
                    style = {}
                elif code in COLOURS:
                    style["fill"] = COLOURS[code]
                elif code == "1":
                    style["bold"] = True
                elif code == "2":
                    style["dim"] = True
                elif code == "4":
                    style["underline"] = True
        elif part:
            out.append((part, dict(style)))
    return out


def svg(text):
    lines = text.rstrip("\n").split("\n")
    width = int(PAD * 2 + CELL_W * max(len(re.sub(r"\x1b\[[0-9;]*m", "", l)) for l in lines))
    height = PAD * 2 + LINE_H * len(lines)
    rows = []
    for n, line in enumerate(lines):
        y = PAD + LINE_H * (n + 1) - 5
        parts = []
        for part, style in spans(line):
            attrs = [f'fill="{style.get("fill", "#cccccc")}"']
            if style.get("bold"):
                attrs.append('font-weight="bold"')
            if style.get("dim"):
                attrs.append('opacity="0.6"')
            if style.get("underline"):
                attrs.append('text-decoration="underline"')
            parts.append(f'<tspan {" ".join(attrs)}>{html.escape(part)}</tspan>')
        rows.append(f'<text x="{PAD}" y="{y}" xml:space="preserve">{"".join(parts)}</text>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="14">\n'
        f'<rect width="100%" height="100%" rx="6" fill="#1e1e1e"/>\n' + "\n".join(rows) + "\n</svg>\n"
    )


def main():
    binary, out = str(Path(sys.argv[1]).resolve()), sys.argv[2]
    page = "content/javascript/async/callbacks.md"
    run = subprocess.run(
        [binary, "--color", "always", "--no-cache", "--select", "QA003,QA004", page],
        cwd=ROOT / "fixtures" / "site", capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "100"},
    )
    shown = f"\x1b[2m$\x1b[0m qalint {page}\n" + run.stdout + run.stderr
    Path(out).write_text(svg(shown), encoding="utf-8")


if __name__ == "__main__":
    main()
