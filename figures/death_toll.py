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


def _value(row):
    """The estimate as words, and where its mark ends."""
    if row["kind"] == "range":
        return f"{_number(row['low'])}–{_number(row['high'])}", row["high"]
    if row["kind"] == "at_least":
        return f"at least {_number(row['low'])}", row["low"]
    return f"about {_number(row['low'])}", row["low"]


def draw(style):
    rows = sorted(style.table("death_tolls.csv", numbers=["year", "low", "high"]),
                  key=lambda r: (r["low"], r["high"] or r["low"], r["year"]))
    # Where the figure is narrow for its text (on screen, on an A5 page, in large print),
    # each estimate is named in a few words, its mark says the rest (the x axis its size),
    # and the legend goes under the chart; the rows are made tall enough for their names.
    narrow = style.narrow
    figure, axes = plt.subplots(figsize=(style.width, style.height * 1.2))
    top = max(r["high"] or r["low"] for r in rows)
    arrow = top * 0.09  # how far an "at least" arrow points beyond its minimum
    names = [row["short"] if narrow else row["label"] for row in rows]
    ys = list(range(len(rows)))[::-1]

    for row, y in zip(rows, ys):  # smallest estimate at the top
        _, colour_index, marker = METHODS[row["method"]]
        colour = style.palette[colour_index]
        low = row["low"]
        label, end = _value(row)
        if row["kind"] == "range":
            axes.plot([low, row["high"]], [y, y], color=colour,
                      linewidth=style.line_width * 3, solid_capstyle="butt", zorder=2)
        elif row["kind"] == "at_least":
            axes.annotate("", xy=(low + arrow, y), xytext=(low, y), zorder=2,
                          arrowprops={"arrowstyle": "-|>", "color": colour,
                                      "linewidth": style.line_width, "mutation_scale": 9})
        axes.plot(low, y, marker=marker, markersize=6.5, color=colour, linestyle="none",
                  markeredgecolor=style.text_colour, markeredgewidth=0.5, zorder=3)
        if not narrow:
            axes.text(end + (arrow if row["kind"] == "at_least" else 0) + top * 0.035, y,
                      label, va="center", ha="left", fontsize=style.font_size * 0.9)

    axes.set_yticks(ys, names)
    axes.tick_params(axis="y", length=0)
    axes.spines["left"].set_visible(False)
    axes.set_ylim(-0.7, len(rows) - 0.3)
    axes.set_xlim(0, top * (1.15 if narrow else 1.3))
    axes.set_xlabel("Excess deaths, millions" if narrow
                    else "Estimated excess deaths in the famine, millions")
    axes.grid(axis="x", linewidth=0.4, alpha=0.35, zorder=0)
    axes.set_axisbelow(True)
    handles = [Line2D([], [], marker=marker, color=style.palette[c], linestyle="none",
                      markeredgecolor=style.text_colour, markeredgewidth=0.5, label=name)
               for name, c, marker in METHODS.values()]
    # Under the chart, clear of the estimates.
    figure.legend(handles=handles, loc="outside lower left", handletextpad=0.3, title="Method",
                  title_fontsize=style.font_size * 0.9, alignment="left", ncol=1 if narrow else 2)
    if narrow:
        style.fit_rows(figure, axes)
    return figure
