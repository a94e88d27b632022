"""Render a tmux `capture-pane -e -p` dump (text with SGR colour codes) to
a PNG, one cell per character, with DejaVu Sans Mono.

    python3 render_ansi.py CAPTURE.ansi OUT.png COLUMNS ROWS
"""

import re
import sys

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
SIZE = 15
BG = (24, 26, 33)
FG = (215, 218, 224)
# xterm's 16 colours.
BASE = [
    (0, 0, 0), (205, 49, 49), (13, 188, 121), (229, 229, 16),
    (36, 114, 200), (188, 63, 188), (17, 168, 205), (229, 229, 229),
    (102, 102, 102), (241, 76, 76), (35, 209, 139), (245, 245, 67),
    (59, 142, 234), (214, 112, 214), (41, 184, 219), (255, 255, 255),
]


def colour256(n):
    if n < 16:
        return BASE[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    level = 8 + (n - 232) * 10
    return (level, level, level)


def cells(text, columns, rows):
    """The screen as rows of (char, fg, bg, bold)."""
    screen = [[(" ", FG, BG, False)] * columns for _ in range(rows)]
    fg, bg, bold, reverse = FG, BG, False, False
    for y, line in enumerate(text.split("\n")[:rows]):
        x = 0
        for token in re.split(r"(\x1b\[[0-9;:]*m)", line):
            if token.startswith("\x1b["):
                codes = [int(c) if c else 0 for c in re.split("[;:]", token[2:-1])] or [0]
                i = 0
                while i < len(codes):
                    c = codes[i]
                    if c == 0:
                        fg, bg, bold, reverse = FG, BG, False, False
                    elif c == 1:
                        bold = True
                    elif c == 22:
                        bold = False
                    elif c == 7:
                        reverse = True
                    elif c == 27:
                        reverse = False
                    elif 30 <= c <= 37:
                        fg = BASE[c - 30]
                    elif 90 <= c <= 97:
                        fg = BASE[c - 90 + 8]
                    elif 40 <= c <= 47:
                        bg = BASE[c - 40]
                    elif 100 <= c <= 107:
                        bg = BASE[c - 100 + 8]
                    elif c == 39:
                        fg = FG
                    elif c == 49:
                        bg = BG
                    elif c in (38, 48) and i + 1 < len(codes):
                        if codes[i + 1] == 5 and i + 2 < len(codes):
                            rgb = colour256(codes[i + 2])
                            i += 2
                        elif codes[i + 1] == 2 and i + 4 < len(codes):
                            rgb = tuple(codes[i + 2 : i + 5])
                            i += 4
                        else:
                            rgb = FG if c == 38 else BG
                        if c == 38:
                            fg = rgb
                        else:
                            bg = rgb
                    i += 1
                continue
            for ch in token:
                if x >= columns:
                    break
                f, b = (bg, fg) if reverse else (fg, bg)
                screen[y][x] = (ch, f, b, bold)
                x += 1
    return screen


def main():
    source, out, columns, rows = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    text = open(source, encoding="utf-8").read()
    font, bold_font = ImageFont.truetype(FONT, SIZE), ImageFont.truetype(BOLD, SIZE)
    left, top, right, bottom = font.getbbox("M")
    width = round(font.getlength("M"))
    height = round(SIZE * 1.25)
    image = Image.new("RGB", (columns * width + 16, rows * height + 16), BG)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(cells(text, columns, rows)):
        for x, (ch, fg, bg, bold) in enumerate(row):
            px, py = 8 + x * width, 8 + y * height
            if bg != BG:
                draw.rectangle([px, py, px + width - 1, py + height - 1], fill=bg)
            if ch != " ":
                draw.text((px, py + 1), ch, font=bold_font if bold else font, fill=fg)
    image.save(out, optimize=True)


if __name__ == "__main__":
    main()
