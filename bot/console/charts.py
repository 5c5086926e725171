"""SVG charts of the figures, drawn by matplotlib on the server (nothing from another origin).

Text is drawn as paths, so the browser needs no CJK font, and the SVG holds no
script. Drawing takes tens of milliseconds; the console caches each chart by the
content of its table.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict

from bot.console.figures import Table

#: Charts kept in memory (by table content); a figure page shows about eight.
CACHE_SIZE = 64
WIDTH_INCHES = 7.0
HEIGHT_INCHES = 2.6
#: matplotlib names a .ttc collection by its first face (JP); it holds every CJK glyph.
FONTS = [
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Serif CJK JP",
    "WenQuanYi Zen Hei",
    "DejaVu Sans",
]
COLOURS = ["#1f5fa8", "#d9822b", "#2e8540", "#b03a2e", "#6c4f9c", "#5f6b7a", "#c1a01a"]

_cache: OrderedDict[str, bytes] = OrderedDict()
_lock = threading.Lock()


def _series(table: Table) -> list[str]:
    value_columns = [c for c in table.columns[1:] if c != "合计"]
    if table.chart == "stacked":
        return value_columns
    if table.chart == "bar":
        return value_columns[:1]
    ratios = [c for c in value_columns if Table.is_ratio(c)]
    return ratios or [c for c in value_columns if c in {"p50", "p95"}] or value_columns[:1]


def svg(table: Table) -> bytes:
    """The table's chart as SVG bytes (cached)."""
    key = hashlib.sha256(repr((table.name, table.columns, table.rows)).encode()).hexdigest()
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    data = _draw(table)
    with _lock:
        _cache[key] = data
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return data


def _draw(table: Table) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    # A Figure of its own (not pyplot's global state): threads may draw at once.
    fig = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES))
    with matplotlib.rc_context(
        {
            "font.sans-serif": FONTS,
            "font.family": "sans-serif",
            "svg.fonttype": "path",
            "axes.unicode_minus": False,
            "font.size": 8,
        }
    ):
        ax = fig.add_subplot()
        labels = [str(row[0]) for row in table.rows]
        columns = _series(table)
        index = {name: table.columns.index(name) for name in columns}
        if table.chart == "bar":
            values = [float(row[index[columns[0]]] or 0) for row in table.rows]
            ax.barh(labels[::-1], values[::-1], color=COLOURS[0])
            ax.set_xlabel(columns[0] if columns else "")
        else:
            short = [label[5:] if len(label) == 10 else label for label in labels]
            positions = list(range(len(labels)))
            bottom = [0.0] * len(labels)
            for n, name in enumerate(columns):
                raw = [row[index[name]] for row in table.rows]
                colour = COLOURS[n % len(COLOURS)]
                if table.chart == "stacked":
                    values = [float(v or 0) for v in raw]
                    ax.bar(positions, values, bottom=bottom, label=name, color=colour)
                    bottom = [b + v for b, v in zip(bottom, values, strict=True)]
                else:
                    scale = 100.0 if Table.is_ratio(name) else 1.0
                    points = [
                        (p, float(v) * scale)
                        for p, v in zip(positions, raw, strict=True)
                        if isinstance(v, int | float)
                    ]
                    if points:
                        xs, ys = zip(*points, strict=True)
                        ax.plot(xs, ys, marker="o", markersize=3, label=name, color=colour)
            step = max(1, len(labels) // 14)
            ax.set_xticks(positions[::step], short[::step])
            if any(Table.is_ratio(c) for c in columns):
                ax.set_ylim(0, 100)
                ax.set_ylabel("%")
            elif table.unit:
                ax.set_ylabel(table.unit)
            if columns:
                ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7, frameon=False)
        ax.set_title(table.title, fontsize=9)
        ax.spines[["top", "right"]].set_visible(False)
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()
