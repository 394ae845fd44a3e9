"""The pH of everyday substances, as horizontal bars (data: figures/data/ph_values.csv)."""
import matplotlib.pyplot as plt


def draw(style):
    rows = style.table("ph_values.csv")
    names = [row["substance"] for row in rows]
    values = [float(row["ph"]) for row in rows]

    acid, neutral, alkaline = style.palette[3], style.palette[2], style.palette[0]
    colours = [acid if v < 6.9 else alkaline if v > 7.1 else neutral for v in values]
    hatches = [style.hatches[1] if v < 6.9 else style.hatches[3] if v > 7.1 else ""
               for v in values] if style.greyscale else [None] * len(values)

    figure, axes = plt.subplots(layout="constrained")
    bars = axes.barh(names, values, color=colours)
    for bar, hatch in zip(bars, hatches):
        if hatch:
            bar.set_hatch(hatch)
    axes.invert_yaxis()                  # most acidic at the top
    axes.axvline(7, color=style.text_colour, linewidth=0.8, linestyle="--")
    axes.text(7.15, 0.25, "neutral (pH 7)", fontsize=style.font_size * 0.9)
    axes.set_xlim(0, 14)
    axes.set_xticks(range(0, 15))
    axes.set_xlabel("pH")
    return figure
