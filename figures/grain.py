"""China's grain output, 1957-1966, in million tonnes (official figures as revised after 1978), as
bars, with the 1957 level as a reference line. Data and sources: figures/data/grain.csv.
"""
import matplotlib.pyplot as plt


def draw(style):
    rows = style.table("grain.csv", numbers=["year", "million_tonnes"])
    years = [r["year"] for r in rows]
    values = [r["million_tonnes"] for r in rows]
    # Where the figure is narrow for its text (on screen, on an A5 page, in large print),
    # the numbers stand up above their bars and the years up under them, so that
    # neighbours do not print over each other.
    narrow = style.narrow
    figure, axes = plt.subplots(figsize=(style.width, style.height * (1.3 if narrow else 1)))

    axes.axvspan(1958.5, 1961.5, color=style.text_colour, alpha=0.09, linewidth=0, zorder=0)
    axes.text(1960, 246 if not narrow else 292, "famine years", ha="center", va="top",
              fontsize=style.font_size * 0.85, style="italic")
    axes.bar(years, values, width=0.66, color=style.palette[2], edgecolor=style.text_colour,
             linewidth=0.5, hatch=style.hatches[1] if style.greyscale else None, zorder=2)
    for year, value in zip(years, values):
        if narrow:
            axes.annotate(f"{value:.0f}", (year, value), xytext=(0, 3),
                          textcoords="offset points", ha="center", va="bottom", rotation=90,
                          fontsize=style.font_size * 0.85, zorder=4)
            continue
        axes.annotate(f"{value:.0f}", (year, value), xytext=(0, 3), textcoords="offset points",
                      ha="center", va="bottom", fontsize=style.font_size * 0.85, zorder=4,
                      bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6})

    base = values[0]
    axes.axhline(base, color=style.text_colour, linewidth=0.7, linestyle="--", zorder=3)
    if not narrow:  # a narrow figure has no room for it among the numbers; the caption says it
        axes.text(1960, base + 4, f"{years[0]} level", ha="center", va="bottom",
                  fontsize=style.font_size * 0.85)

    axes.set_xticks(years, [str(year) for year in years], rotation=90 if narrow else 0)
    axes.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    axes.set_ylim(0, 300 if narrow else 250)
    axes.set_xlabel("Year")
    axes.set_ylabel("Grain, million tonnes" if narrow else "Grain output, million tonnes")
    axes.grid(axis="y", linewidth=0.4, alpha=0.35, zorder=0)
    axes.set_axisbelow(True)
    return figure
