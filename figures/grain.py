"""China's grain output, 1957-1966, in million tonnes (official figures as revised after 1978), as
bars, with the 1957 level as a reference line. Data and sources: figures/data/grain.csv.
"""
import matplotlib.pyplot as plt


def draw(style):
    rows = style.table("grain.csv", numbers=["year", "million_tonnes"])
    years = [r["year"] for r in rows]
    values = [r["million_tonnes"] for r in rows]
    figure, axes = plt.subplots(figsize=(style.width, style.height))

    axes.axvspan(1958.5, 1961.5, color=style.text_colour, alpha=0.09, linewidth=0, zorder=0)
    axes.text(1960, 246, "famine years", ha="center", va="top",
              fontsize=style.font_size * 0.85, style="italic")
    axes.bar(years, values, width=0.66, color=style.palette[2], edgecolor=style.text_colour,
             linewidth=0.5, hatch=style.hatches[1] if style.greyscale else None, zorder=2)
    for year, value in zip(years, values):
        axes.annotate(f"{value:.0f}", (year, value), xytext=(0, 3), textcoords="offset points",
                      ha="center", va="bottom", fontsize=style.font_size * 0.85, zorder=4,
                      bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6})

    base = values[0]
    axes.axhline(base, color=style.text_colour, linewidth=0.7, linestyle="--", zorder=3)
    axes.text(1960, base + 4, f"{years[0]} level", ha="center", va="bottom",
              fontsize=style.font_size * 0.85)

    axes.set_xticks(years)
    axes.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    axes.set_ylim(0, 250)
    axes.set_xlabel("Year")
    axes.set_ylabel("Grain output, million tonnes")
    axes.grid(axis="y", linewidth=0.4, alpha=0.35, zorder=0)
    axes.set_axisbelow(True)
    return figure
