"""Estimates of excess deaths in the famine, one row per estimate, sorted by size: a point for a
round estimate, a point with an arrow for a minimum ("at least"), a bar for a range.
Data and sources: figures/data/death_tolls.csv.
"""
import matplotlib.pyplot as plt
from matplotlib.lines import Line2D

METHODS = {  # method -> (legend label, colour index, marker)
    "national": ("From national population data", 0, "o"),
    "local": ("From local records and archives", 3, "s"),
    "other": ("Others’ estimates, or a claim", 2, "D"),
}


def _number(value):
    return f"{value:g}"


def draw(style):
    rows = sorted(style.table("death_tolls.csv", numbers=["year", "low", "high"]),
                  key=lambda r: (r["low"], r["high"] or r["low"], r["year"]))
    # Where the figure is narrow for its text (on screen, on an A5 page, in large print):
    # each estimate is named on a line of its own, above its point, and the legend goes under
    # the chart.
    narrow = style.narrow
    figure, axes = plt.subplots(figsize=(style.width, style.height * (1.8 if narrow else 1.1)))
    top = max(r["high"] or r["low"] for r in rows)
    arrow = top * 0.09  # how far an "at least" arrow points beyond its minimum

    for position, row in enumerate(rows):
        y = len(rows) - 1 - position  # smallest estimate at the top
        _, colour_index, marker = METHODS[row["method"]]
        colour = style.palette[colour_index]
        low = row["low"]
        high = row["high"] or low
        if row["kind"] == "range":
            axes.plot([low, high], [y, y], color=colour, linewidth=style.line_width * 3,
                      solid_capstyle="butt", zorder=2)
            label, end = f"{_number(row['low'])}–{_number(row['high'])}", high
        elif row["kind"] == "at_least":
            axes.annotate("", xy=(low + arrow, y), xytext=(low, y), zorder=2,
                          arrowprops={"arrowstyle": "-|>", "color": colour,
                                      "linewidth": style.line_width, "mutation_scale": 9})
            label, end = f"at least {_number(row['low'])}", low + arrow
        else:
            label, end = f"about {_number(row['low'])}", low
        axes.plot(low, y, marker=marker, markersize=6.5, color=colour, linestyle="none",
                  markeredgecolor=style.text_colour, markeredgewidth=0.5, zorder=3)
        axes.text(end + top * 0.035, y, label, va="center", ha="left",
                  fontsize=style.font_size * 0.9)
        if narrow:
            axes.text(0, y + 0.3, row["label"], va="bottom", ha="left")

    axes.set_yticks(range(len(rows) - 1, -1, -1),
                    [] if narrow else [r["label"] for r in rows])
    axes.tick_params(axis="y", length=0)
    axes.spines["left"].set_visible(False)
    axes.set_ylim(-0.7, len(rows) - (0.1 if narrow else 0.3))
    axes.set_xlim(0, top * 1.3)
    axes.set_xlabel("Estimated excess deaths in the famine,\nmillions" if narrow
                    else "Estimated excess deaths in the famine, millions")
    axes.grid(axis="x", linewidth=0.4, alpha=0.35, zorder=0)
    axes.set_axisbelow(True)
    handles = [Line2D([], [], marker=marker, color=style.palette[c], linestyle="none",
                      markeredgecolor=style.text_colour, markeredgewidth=0.5, label=name)
               for name, c, marker in METHODS.values()]
    legend = figure.legend if narrow else axes.legend
    legend(handles=handles, loc="outside lower left" if narrow else "lower left",
           handletextpad=0.3, title="Method", title_fontsize=style.font_size * 0.9,
           alignment="left")
    return figure
