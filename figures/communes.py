"""The size of the people's communes in 1958 against the Soviet collective farm: households in
one unit, as horizontal bars. Data and source: figures/data/communes.csv.
"""
import textwrap

import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator

AXIS_LABEL = "Average number of households in one commune (or collective farm)"
SOURCES = {"official": (0, 0), "soviet": (2, 4)}  # -> (colour, hatch) indexes


def draw(style):
    bars = style.table("communes.csv", numbers=["value"])
    # Where the figure is narrow for its text (on screen, on an A5 page, in large print):
    # each bar is named on a line of its own, above it, so that the bars keep the width.
    narrow = style.narrow
    figure, axes = plt.subplots(figsize=(style.width, style.height * (0.8 if narrow else 0.55)))
    positions = range(len(bars) - 1, -1, -1)  # first row of the file at the top
    for y, bar in zip(positions, bars):
        colour_index, hatch_index = SOURCES[bar["source"]]
        value = bar["value"]
        axes.barh(y, value, height=0.42 if narrow else 0.62, color=style.palette[colour_index],
                  edgecolor=style.text_colour, linewidth=0.5,
                  hatch=style.hatches[hatch_index] if style.greyscale else None)
        axes.annotate(f"{value:,.0f}", (value, y), xytext=(4, 0), textcoords="offset points",
                      va="center", ha="left", fontsize=style.font_size * 0.9)
        if narrow:
            axes.text(0, y + 0.26, bar["label"], va="bottom", ha="left")
    axes.set_yticks(list(positions), [] if narrow else [b["label"] for b in bars])
    axes.tick_params(axis="y", length=0)
    # A line of the axis label holds as many characters as the figure is wide for them.
    characters = int(style.width * 72 / (max(style.font_size, style.min_font_size) * 0.55))
    axes.set_xlabel(textwrap.fill(AXIS_LABEL, min(45, characters)) if narrow else AXIS_LABEL)
    # Room for the value labels, which take a larger share of a narrow chart.
    right = max(b["value"] for b in bars) * (1.45 if narrow else 1.25)
    ticks = MaxNLocator(nbins=4 if narrow else 5, steps=[1, 2, 2.5, 5, 10]).tick_values(0, right)
    axes.set_xticks([t for t in ticks if t <= right * 0.92])  # none at the very edge
    axes.set_xlim(0, right)
    axes.set_ylim(-0.6, len(bars) - (0.05 if narrow else 0.4))
    axes.xaxis.set_major_formatter(lambda x, _: f"{x:,.0f}")
    axes.spines["left"].set_visible(False)
    return figure
