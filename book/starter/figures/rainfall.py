"""A figure script: draw(style) returns a matplotlib Figure.

`style` carries the theme's look (fonts, colours, sizes are already set) and reads data
files: style.table("rainfall.csv", numbers=["mm"]) gives the rows of
figures/data/rainfall.csv, with the mm column as numbers; a missing column, a short row
or a value that is not a number is reported at its line in the CSV file.
"""
import matplotlib.pyplot as plt


def draw(style):
    rows = style.table("rainfall.csv", numbers=["mm"])
    figure, axes = plt.subplots()
    axes.bar([row["month"] for row in rows], [row["mm"] for row in rows],
             color=style.palette[0],
             # In a greyscale theme, hatching keeps bars apart without colour.
             hatch=style.hatches[1] if style.greyscale else None)
    axes.set_ylabel("Rainfall (mm)")
    return figure
