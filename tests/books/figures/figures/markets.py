"""Bars, each with its own hatching when the theme is greyscale."""
import matplotlib.pyplot as plt


def draw(style):
    rows = style.table("markets.csv")
    figure, axes = plt.subplots()
    for index, row in enumerate(rows):
        axes.bar(row["market"], int(row["stalls"]), color=style.palette[index],
                 hatch=style.hatches[index] if style.greyscale else None,
                 edgecolor=style.text_colour)
    axes.set_ylabel("Market stalls")
    return figure
