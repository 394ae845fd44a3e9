"""The scale of the people's communes in 1958: the seed article's round numbers against the
official figures, in three panels of horizontal bars. Data and sources: figures/data/communes.csv.
"""
import textwrap

import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator

PANELS = {  # panel -> (axis label, how to write a value)
    "communes": ("Number of people’s communes", "{:,.0f}"),
    "households_per_unit": ("Average number of households in one commune (or collective farm)",
                            "{:,.0f}"),
    "households_total": ("Rural households in communes, millions", "{:,.0f} million"),
}
SOURCES = {"seed": (3, 2), "official": (0, 0), "soviet": (2, 4)}  # -> (colour, hatch) indexes


def draw(style):
    rows = style.table("communes.csv", numbers=["value"])
    # Where the figure is narrow for its text (on screen, on an A5 page, in large print):
    # each bar is named on a line of its own, above it, so that the bars keep the width.
    narrow = style.narrow
    figure, axes_list = plt.subplots(
        len(PANELS), 1, figsize=(style.width, style.height * (1.9 if narrow else 1.2)),
        gridspec_kw={"height_ratios": [sum(r["panel"] == p for r in rows) for p in PANELS]})

    for axes, (panel, (axis_label, number)) in zip(axes_list, PANELS.items()):
        bars = [r for r in rows if r["panel"] == panel]
        positions = range(len(bars) - 1, -1, -1)  # first row of the file at the top
        for y, bar in zip(positions, bars):
            colour_index, hatch_index = SOURCES[bar["source"]]
            derived = bar["derived"] == "yes"
            colour = style.palette[colour_index]
            value = bar["value"]
            height = 0.42 if narrow else 0.62
            if derived:  # computed, not reported: a pale bar with a dashed outline
                axes.barh(y, value, height=height, color=colour, alpha=0.3, linewidth=0)
                axes.barh(y, value, height=height, fill=False, edgecolor=colour,
                          linestyle="--", linewidth=1.1)
            else:
                axes.barh(y, value, height=height, color=colour, edgecolor=style.text_colour,
                          hatch=style.hatches[hatch_index] if style.greyscale else None,
                          linewidth=0.5)
            axes.annotate(number.format(value), (value, y), xytext=(4, 0),
                          textcoords="offset points", va="center", ha="left",
                          fontsize=style.font_size * 0.9)
            if narrow:
                axes.text(0, y + 0.26, bar["label"], va="bottom", ha="left")
        axes.set_yticks(list(positions), [] if narrow else [b["label"] for b in bars])
        axes.tick_params(axis="y", length=0)
        axes.set_xlabel(textwrap.fill(axis_label, 45) if narrow else axis_label)
        # Room for the value labels, which take a larger share of a narrow chart.
        right = max(b["value"] for b in bars) * (1.45 if narrow else 1.25)
        ticks = MaxNLocator(nbins=4 if narrow else 5,
                            steps=[1, 2, 2.5, 5, 10]).tick_values(0, right)
        axes.set_xticks([t for t in ticks if t <= right * 0.92])  # none at the very edge
        axes.set_xlim(0, right)
        axes.set_ylim(-0.6, len(bars) - (0.05 if narrow else 0.4))
        axes.xaxis.set_major_formatter(lambda x, _: f"{x:,.0f}")
        axes.spines["left"].set_visible(False)
    return figure
