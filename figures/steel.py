"""China's output of steel and pig iron, 1957-1965, in million tonnes: the official series.

Data and source: figures/data/steel.csv. Both series are complete for every year drawn.
"""
import matplotlib.pyplot as plt

# column -> (name, colour index, marker, where its name goes beside the 1959 point, which side
# of its peak the peak's value goes): each where the other line does not pass.
SERIES = {
    "steel": ("Crude steel", 0, "o", ((8, -6), "left", "top"), "left"),
    "pig_iron": ("Pig iron", 3, "s", ((-8, 6), "right", "bottom"), "right"),
}
NAMED_AT = 1959  # where the two lines are far apart


def draw(style):
    rows = style.table("steel.csv", numbers=["year", "steel", "pig_iron"])
    # Where the figure is narrow for its text (on screen, on an A5 page, in large print):
    # the series are named in a legend under the chart, and the years are marked every other year.
    narrow = style.narrow
    figure, axes = plt.subplots(figsize=(style.width, style.height * (1.4 if narrow else 1.0)))
    years = [r["year"] for r in rows]
    first, last = min(years), max(years)

    for column, (name, colour_index, marker, (offset, ha, va), side) in SERIES.items():
        values = [r[column] for r in rows]
        colour = style.palette[colour_index]
        axes.plot(years, values, color=colour, linewidth=style.line_width, marker=marker,
                  markersize=6, markeredgecolor=style.text_colour, markeredgewidth=0.5,
                  label=name, zorder=3)
        # The peak is labelled with its value, so the rise and the fall can be read in tonnes.
        peak = max(rows, key=lambda r: r[column])
        axes.annotate(f"{peak[column]:.2f} Mt", (peak["year"], peak[column]),
                      xytext=(7 if side == "right" else -7, 0), textcoords="offset points",
                      ha=side, va="center",
                      fontsize=style.font_size * 0.85)
        if not narrow:  # the series' name beside one of its points, instead of a legend
            at = next(r for r in rows if r["year"] == NAMED_AT)
            axes.annotate(name, (NAMED_AT, at[column]), xytext=offset, textcoords="offset points",
                          ha=ha, va=va, color=colour, fontweight="bold",
                          fontsize=style.font_size * 0.95)
    if narrow:
        figure.legend(loc="outside lower left", ncol=2)

    axes.set_xticks(range(first, last + 1, 2 if narrow else 1))
    axes.set_xlim(first - 0.5, last + 0.5)
    axes.set_ylim(0, max(max(r["steel"], r["pig_iron"]) for r in rows) * 1.15)
    axes.set_xlabel("Year")
    axes.set_ylabel("Million tonnes")
    return figure
