"""The reports' charts, drawn by matplotlib (Agg backend, no display) as PNG or SVG bytes.

Chinese labels need a CJK font from the machine: WenQuanYi Micro Hei (Debian package
fonts-wqy-microhei) or Noto/Source Han Sans CJK. Without one, :func:`cjk_font` raises a
:class:`ChartError` naming the package to install, rather than drawing empty boxes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from redchain.errors import RedchainError

# The chain's red, a paler red for the period before, and grey for the bottom of a ranking.
RED = "#c0392b"
PALE = "#e6b0aa"
GREY = "#7f8c8d"
# Fonts that hold Chinese, best first (file names as Debian installs them).
CJK_FILES = (
    "wqy-microhei.ttc",
    "wqy-zenhei.ttc",
    "NotoSansCJK-Regular.ttc",
    "NotoSansCJKsc-Regular.otf",
    "NotoSerifCJK-Regular.ttc",
    "SourceHanSansSC-Regular.otf",
    "SourceHanSans-Regular.ttc",
)
FONT_PACKAGE = "fonts-wqy-microhei"
DPI = 150


class ChartError(RedchainError):
    """A chart cannot be drawn (no CJK font on the machine); the message says what to install."""


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """The family name of a CJK font on the machine, registered with matplotlib."""
    from matplotlib import font_manager

    found: dict[str, str] = {}
    for path in font_manager.findSystemFonts():
        found.setdefault(Path(path).name.lower(), path)
    for name in CJK_FILES:
        file = found.get(name.lower())
        if file:
            font_manager.fontManager.addfont(file)
            return str(font_manager.FontProperties(fname=file).get_name())
    raise ChartError(
        "no font with Chinese characters was found for the report's charts; install one "
        f"(Debian/Ubuntu: apt-get install {FONT_PACKAGE}) and run the command again"
    )


def _figure(width: float, height: float) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    # Set before the axes exist: their tick labels take the font of the moment.
    matplotlib.rcParams["font.family"] = [cjk_font(), "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    # A unit's name is text as typed: "$" does not start a formula.
    matplotlib.rcParams["text.parse_math"] = False
    # The same ids in every SVG drawn, so the same report gives the same bytes.
    matplotlib.rcParams["svg.hashsalt"] = "redchain"
    # SVG keeps its words as text (found by search, read aloud, drawn in the page's fonts).
    matplotlib.rcParams["svg.fonttype"] = "none"
    figure = Figure(figsize=(width, height), dpi=DPI)
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _save(figure: Any, fmt: str) -> bytes:
    buffer = io.BytesIO()
    # Fixed metadata, so the same report gives the same bytes.
    metadata: dict[str, Any] = {"Software": None} if fmt == "png" else {"Date": None}
    figure.tight_layout()
    figure.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()


def bars(
    labels: Sequence[str],
    values: Sequence[float],
    title: str,
    *,
    colours: Sequence[str] | None = None,
    fmt: str = "png",
) -> bytes:
    """Horizontal bars, first label at the top, each with its value at its end."""
    height = max(2.2, 0.42 * len(labels) + 1.0)
    figure, axes = _figure(7.0, height)
    positions = list(range(len(labels)))
    drawn = axes.barh(positions, values, color=list(colours or [RED] * len(labels)), height=0.65)
    for k, bar in enumerate(drawn):
        bar.set_gid(f"bar-{k}")  # <g id="bar-0"> in SVG: a picture a test or a script can read
    axes.set_yticks(positions, [_short(label) for label in labels])
    axes.invert_yaxis()
    most = max(values, default=0) or 1
    for y, value in zip(positions, values, strict=True):
        axes.text(value + most * 0.01, y, _number(value), va="center", fontsize=9)
    axes.set_xlim(0, most * 1.12)
    axes.set_title(title, fontsize=11, loc="left")
    return _save(figure, fmt)


def compare(
    labels: Sequence[str],
    current: Sequence[float],
    previous: Sequence[float],
    names: tuple[str, str],
    title: str,
    *,
    fmt: str = "png",
) -> bytes:
    """Two series side by side per label: this period (red) and the one before (pale)."""
    figure, axes = _figure(7.0, 3.2)
    positions = list(range(len(labels)))
    width = 0.4
    axes.bar([p - width / 2 for p in positions], previous, width, color=PALE, label=names[1])
    axes.bar([p + width / 2 for p in positions], current, width, color=RED, label=names[0])
    axes.set_xticks(positions, list(labels), fontsize=8, rotation=0 if len(labels) <= 6 else 45)
    axes.legend(frameon=False, fontsize=9)
    axes.set_title(title, fontsize=11, loc="left")
    return _save(figure, fmt)


def heat_map(
    names: Sequence[str], counts: Sequence[Sequence[int]], title: str, *, fmt: str = "png"
) -> bytes:
    """A square grid of counts, darker for more; an empty cell shows 0 inside a dashed red edge.

    Each cell is a drawn square (not an image), so the SVG stays vector through and through.
    """
    from matplotlib.colors import LinearSegmentedColormap
    from matplotlib.patches import Rectangle

    figure, axes = _figure(7.0, 5.4)
    most = max((c for row in counts for c in row), default=0) or 1
    colours = LinearSegmentedColormap.from_list("redchain", ["#fdedea", RED])
    for i, row in enumerate(counts):
        for j, count in enumerate(row):
            share = count / most
            if count:
                square = Rectangle((j - 0.48, i - 0.48), 0.96, 0.96, color=colours(share))
            else:
                square = Rectangle(
                    (j - 0.45, i - 0.45), 0.9, 0.9, fill=False, edgecolor=RED, linestyle="--"
                )
                square.set_gid(f"empty-{i}-{j}")
            axes.add_patch(square)
            ink = "white" if share > 0.55 else "#222222"
            label = axes.text(j, i, str(count), ha="center", va="center", color=ink, fontsize=10)
            label.set_gid(f"cell-{i}-{j}")
    ticks = list(range(len(names)))
    axes.set_xlim(-0.5, len(names) - 0.5)
    axes.set_ylim(len(names) - 0.5, -0.5)
    axes.set_aspect("equal")
    axes.set_xticks(ticks, list(names), rotation=30, ha="right", fontsize=9)
    axes.set_yticks(ticks, list(names), fontsize=9)
    axes.tick_params(length=0)
    axes.spines[["left", "bottom"]].set_visible(False)
    axes.set_title(title, fontsize=11, loc="left")
    return _save(figure, fmt)


def inline_svg(picture: bytes, css_class: str) -> str:
    """An SVG chart ready to sit inside an HTML page, naming nothing outside it: no XML prolog
    or metadata, no namespace addresses (HTML gives inline SVG its namespace), plain ``href``
    for the glyphs it reuses, and a class on its root."""
    text = picture.decode("utf-8")
    text = text[text.index("<svg") :]
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, count=1, flags=re.S)
    text = re.sub(r'\s+xmlns(?::\w+)?="[^"]*"', "", text)
    text = text.replace("xlink:href=", "href=")
    return text.replace("<svg", f'<svg class="{css_class}"', 1)


def _short(text: str, most: int = 18) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
