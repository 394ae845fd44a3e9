"""Official crude birth and death rates of China, 1955-1966, per 1,000 people, as two lines, with
the famine years shaded. Data and sources: figures/data/vital_rates.csv.
"""
import matplotlib.pyplot as plt

SERIES = {  # column -> (label, colour index, marker index)
    "birth_rate": ("Births per 1,000 people", 0, 0),
    "death_rate": ("Deaths per 1,000 people", 3, 1),
}


def draw(style):
    rows = style.table("vital_rates.csv", numbers=["year", *SERIES])
    years = [r["year"] for r in rows]
    # Where the figure is narrow for its text (on screen, on an A5 page, in large print):
    # the lines are named in a legend under the chart, which gives them its whole width.
    narrow = style.narrow
    figure, axes = plt.subplots(figsize=(style.width, style.height * (1.3 if narrow else 1)))

    axes.axvspan(1958.5, 1961.5, color=style.text_colour, alpha=0.09, linewidth=0, zorder=0)
    axes.text(1960, 47, "famine years,\n1959–1961", ha="center", va="top",
              fontsize=style.font_size * 0.85, style="italic")

    for column, (label, colour_index, marker_index) in SERIES.items():
        values = [r[column] for r in rows]
        colour = style.palette[1 if style.greyscale and column == "death_rate" else colour_index]
        axes.plot(years, values, color=colour, zorder=2,
                  linestyle="--" if style.greyscale and column == "death_rate" else "-",
                  marker=style.markers[marker_index] if style.greyscale else "o",
                  markersize=4.5, markeredgecolor=style.text_colour, markeredgewidth=0.4,
                  label=label)
        if narrow:  # named in the legend under the chart
            continue
        # Each line is named at its right-hand end instead of in a legend.
        axes.annotate(label, (years[-1], values[-1]), xytext=(6, 0), textcoords="offset points",
                      va="center", ha="left", color=colour, fontweight="bold",
                      fontsize=style.font_size * 0.9)

    # The two values the text discusses, labelled on the lines.
    death = {r["year"]: r["death_rate"] for r in rows}
    birth = {r["year"]: r["birth_rate"] for r in rows}
    for year, value, offset in ((1957, death[1957], (0, -10)), (1960, death[1960], (9, 0)),
                                (1961, birth[1961], (7, 0)), (1963, birth[1963], (0, 7))):
        ha = "left" if offset[0] > 0 else "center"
        va = "top" if offset[1] < 0 else ("bottom" if offset[1] > 0 else "center")
        axes.annotate(f"{value:.1f}", (year, value), xytext=offset, textcoords="offset points",
                      ha=ha, va=va, fontsize=style.font_size * 0.85)

    if narrow:
        axes.set_xticks(years[1::2])
        axes.set_xlim(years[0] - 0.5, years[-1] + 0.5)
        figure.legend(loc="outside lower left")
    else:
        axes.set_xticks(years)
        axes.tick_params(axis="x", labelrotation=45)
        axes.set_xlim(years[0] - 0.5, years[-1] + 3.6)
    axes.set_ylim(0, 48)
    axes.set_xlabel("Year")
    axes.set_ylabel("Rate per 1,000\npeople a year" if narrow else "Rate per 1,000 people a year")
    axes.grid(axis="y", linewidth=0.4, alpha=0.35, zorder=0)
    axes.set_axisbelow(True)
    return figure
