"""Timeline of China, 1949-1966: periods as bars, single events as points, the famine as a band.

All dates come from figures/data/timeline.csv; see its notes for the source and the conventions.
"""
import matplotlib.pyplot as plt
from matplotlib.patches import Patch

CATEGORIES = {  # category -> (legend label, colour index, marker, hatch index)
    "politics": ("Politics", 0, "o", 1),
    "countryside": ("Countryside and economy", 2, "s", 2),
    "abroad": ("War and foreign relations", 1, "^", 3),
}


def _start(text):
    """'1950' -> the start of 1950; '1950-10' -> the start of October 1950."""
    year, _, month = text.partition("-")
    return int(year) + (int(month) - 1) / 12 if month else int(year)


def _end(text):
    """'1953' -> the end of 1953; '1953-07' -> the end of July 1953."""
    year, _, month = text.partition("-")
    return int(year) + int(month) / 12 if month else int(year) + 1


def _middle(text):
    """A single event: the middle of its month."""
    year, _, month = text.partition("-")
    return int(year) + (int(month) - 0.5) / 12


def draw(style):
    rows = style.table("timeline.csv")
    bands = [r for r in rows if r["category"] == "famine"]
    events = [r for r in rows if r["category"] != "famine"]
    first = min(_start(r["start"]) for r in rows)
    last = max(_end(r["end"] or r["start"]) for r in rows)

    # Where the figure is narrow for its text (on screen, on an A5 page, in large print):
    # each label goes on a line of its own, above its bar or point (drawn as a thin strip),
    # and the legend under the chart; the rows are then as tall as those lines need.
    narrow = style.narrow
    figure, axes = plt.subplots(figsize=(style.width, style.height * (2 if narrow else 1.5)))
    axes.set_xlim(first - 0.6, last + 0.4)
    axes.set_ylim(-0.6 if narrow else -0.8, len(events) + (0.9 if narrow else 0.2))

    for band in bands:  # the famine years, behind everything
        left, right = _start(band["start"]), _end(band["end"])
        axes.axvspan(left, right, color=style.text_colour, alpha=0.09, linewidth=0, zorder=0)
        axes.text((left + right) / 2, len(events) + (0.3 if narrow else -0.25),
                  f"{band['label']}, {band['start']}–{band['end']}",
                  ha="center", va="center", fontsize=style.font_size * 0.9, style="italic")

    labels = []
    for position, event in enumerate(events):
        y = len(events) - 1 - position  # earliest at the top
        _name, colour_index, marker, hatch_index = CATEGORIES[event["category"]]
        colour = style.palette[colour_index]
        if event["end"]:
            left, right = _start(event["start"]), _end(event["end"])
            axes.barh(y - (0.2 if narrow else 0), right - left, left=left,
                      height=0.26 if narrow else 0.56, color=colour,
                      edgecolor=style.text_colour if style.greyscale else colour,
                      hatch=style.hatches[hatch_index] if style.greyscale else None,
                      linewidth=0.5, zorder=2)
        else:
            left = right = _middle(event["start"])
            axes.plot(left, y - (0.2 if narrow else 0), marker=marker, color=colour,
                      markersize=6,
                      markeredgecolor=style.text_colour, markeredgewidth=0.5,
                      linestyle="none", zorder=3)
        if narrow:  # above, from where the bar or point starts, inside the chart's width
            text = axes.text(left - (0 if event["end"] else 0.2), y - 0.02, event["label"],
                             va="bottom", ha="left", fontsize=style.font_size * 0.9, zorder=4)
            text.set_in_layout(False)
            labels.append((text, right + (0 if event["end"] else 0.2)))
            continue
        gap = 0.18 if event["end"] else 0.32  # a point's marker is wider than a bar's end
        text = axes.text(right + gap, y, event["label"], va="center", ha="left",
                         fontsize=style.font_size * 0.9, zorder=4)
        labels.append((text, left - gap))

    # A label that would run off the right edge ends where its bar or point does instead:
    # to the left of it, or, above it, at its end. One above its bar that would then run
    # off the left edge starts there.
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    edges = axes.get_window_extent(renderer)
    for text, end in labels:
        if text.get_window_extent(renderer).x1 > edges.x1:
            text.set_x(end)
            text.set_ha("right")
            if narrow and text.get_window_extent(renderer).x0 < edges.x0:
                text.set_x(axes.get_xlim()[0])
                text.set_ha("left")

    axes.set_xticks(range(int(first), int(last) + 1, 4 if narrow else 2))
    axes.set_xticks(range(int(first), int(last) + 1), minor=True)
    if not narrow:  # the ticks are years; a narrow figure keeps its lines for the rows
        axes.set_xlabel("Year")
    axes.set_yticks([])
    axes.spines["left"].set_visible(False)
    axes.grid(axis="x", which="major", linewidth=0.4, alpha=0.35, zorder=0)

    handles = [Patch(facecolor=style.palette[c], edgecolor=style.text_colour if style.greyscale
                     else style.palette[c], hatch=style.hatches[h] if style.greyscale else None,
                     label=name) for name, c, _, h in CATEGORIES.values()]
    if narrow:
        figure.legend(handles=handles, loc="outside lower left", handlelength=1.4)
    else:
        axes.legend(handles=handles, loc="upper right", bbox_to_anchor=(1.0, 0.93),
                    handlelength=1.4)
    if narrow:  # a row: its label's line above its strip
        style.fit_rows(figure, axes, 1.3)
    return figure
