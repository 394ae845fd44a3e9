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
# A narrow figure's legend is two short columns, which the caption explains.
SHORT_NAMES = {"politics": "Politics", "countryside": "Countryside",
               "abroad": "War, abroad"}


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

    # Where the figure is narrow for its text (on screen, on an A5 page, in large print),
    # each label is written on its bar's row, over the bar; see _draw_narrow.
    narrow = style.narrow
    if narrow:
        return _draw_narrow(style, bands, events, first, last)
    figure, axes = plt.subplots(figsize=(style.width, style.height * (2 if narrow else 1.5)))
    axes.set_xlim(first - 0.6, last + 0.4)
    axes.set_ylim(-0.8, len(events) + (0.6 if narrow else 0.2))

    for band in bands:  # the famine years, behind everything
        left, right = _start(band["start"]), _end(band["end"])
        axes.axvspan(left, right, color=style.text_colour, alpha=0.09, linewidth=0, zorder=0)
        axes.text((left + right) / 2, len(events) + (0.1 if narrow else -0.25),
                  f"{band['label']}, {band['start']}–{band['end']}",
                  ha="center", va="center", fontsize=style.font_size * 0.9, style="italic")

    labels = []
    for position, event in enumerate(events):
        y = len(events) - 1 - position  # earliest at the top
        _name, colour_index, marker, hatch_index = CATEGORIES[event["category"]]
        colour = style.palette[colour_index]
        if event["end"]:
            left, right = _start(event["start"]), _end(event["end"])
            axes.barh(y, right - left, left=left, height=0.36 if narrow else 0.56, color=colour,
                      edgecolor=style.text_colour if style.greyscale else colour,
                      hatch=style.hatches[hatch_index] if style.greyscale else None,
                      linewidth=0.5, zorder=2)
        else:
            left = right = _middle(event["start"])
            axes.plot(left, y, marker=marker, color=colour, markersize=6,
                      markeredgecolor=style.text_colour, markeredgewidth=0.5,
                      linestyle="none", zorder=3)
        if narrow:  # above, from where the bar or point starts, inside the chart's width
            text = axes.text(left - (0 if event["end"] else 0.2), y + 0.24, event["label"],
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
    return figure


def _draw_narrow(style, bands, events, first, last):
    """The timeline where labels beside the bars would not fit: each label on its row,
    from where its period or event starts, over a light bar (wrapped where it is wider than
    the chart), and the legend under the chart, naming the famine band too. A row is one
    line of text high, or as many as its label has, so that the figure fits a large-print
    A5 page."""
    figure, axes = plt.subplots(figsize=(style.width, style.height))
    axes.set_xlim(first - 0.6, last + 0.4)
    figure.canvas.draw()
    chart_width = axes.get_window_extent().width
    labels = [_wrapped(figure, event["label"], chart_width, style) for event in events]
    heights = [label.count("\n") + 1.05 for label in labels]
    tops = [sum(heights[:position]) for position in range(len(events))]
    axes.set_ylim(sum(heights) + 0.1, -0.1)  # earliest at the top

    famine = []
    for band in bands:  # the famine years, behind everything
        left, right = _start(band["start"]), _end(band["end"])
        famine.append(axes.axvspan(left, right, color=style.text_colour, alpha=0.09,
                                   linewidth=0, zorder=0,
                                   label="Famine years"))

    renderer = figure.canvas.get_renderer()
    for event, label, top, height in zip(events, labels, tops, heights):
        _name, colour_index, marker, hatch_index = CATEGORIES[event["category"]]
        colour = style.palette[colour_index]
        middle = top + height / 2
        if event["end"]:
            left, right = _start(event["start"]), _end(event["end"])
            axes.barh(middle, right - left, left=left, height=height * 0.86, color=colour,
                      alpha=0.45, edgecolor=style.text_colour if style.greyscale else colour,
                      hatch=style.hatches[hatch_index] if style.greyscale else None,
                      linewidth=0.5, zorder=2)
            start = left
        else:
            left = _middle(event["start"])
            axes.plot(left, middle, marker=marker, color=colour, markersize=6,
                      markeredgecolor=style.text_colour, markeredgewidth=0.5,
                      linestyle="none", zorder=3)
            start = left + 0.35  # after the point's marker
        text = axes.text(start, middle, label, va="center", ha="left", linespacing=1.0,
                         multialignment="left", fontsize=style.font_size * 0.9, zorder=4)
        # A label that would run off the right edge ends there instead.
        if text.get_window_extent(renderer).x1 > axes.get_window_extent(renderer).x1:
            text.set_x(axes.get_xlim()[1])
            text.set_ha("right")

    axes.set_xticks(range(int(first), int(last) + 1, 4))
    axes.set_xticks(range(int(first), int(last) + 1), minor=True)
    axes.set_yticks([])
    axes.spines["left"].set_visible(False)
    axes.grid(axis="x", which="major", linewidth=0.4, alpha=0.35, zorder=0)
    handles = [Patch(facecolor=style.palette[c], edgecolor=style.text_colour if style.greyscale
                     else style.palette[c], hatch=style.hatches[h] if style.greyscale else None,
                     label=SHORT_NAMES[category])
               for category, (_, c, _, h) in CATEGORIES.items()]
    figure.legend(handles=handles + famine, loc="outside lower left", handlelength=1.0,
                  handletextpad=0.4, columnspacing=0.8, ncol=2)
    # A unit of a row one line of its text high: rows set as tight as text lines.
    style.fit_rows(figure, axes, 0.95)
    return figure


def _wrapped(figure, text, width, style):
    """The text on lines no wider than `width` (display units)."""
    renderer = figure.canvas.get_renderer()
    lines = []
    for word in text.split(" "):
        trial = f"{lines[-1]} {word}" if lines else word
        probe = figure.text(0, 0, trial, fontsize=max(style.font_size * 0.9,
                                                      style.min_font_size))
        fits = probe.get_window_extent(renderer).width <= width * 0.97
        probe.remove()
        if lines and fits:
            lines[-1] = trial
        else:
            lines.append(word)
    return "\n".join(lines)
