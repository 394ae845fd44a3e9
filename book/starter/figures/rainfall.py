"""A figure script: draw(style) returns a matplotlib Figure.

`style` carries the theme's look (fonts, colours, sizes are already set) and reads data
files: style.table("rainfall.csv") gives the rows of figures/data/rainfall.csv.
"""
import matplotlib.pyplot as plt


def draw(style):
    rows = style.table("rainfall.csv")
    figure, axes = plt.subplots()
    axes.bar([row["month"] for row in rows], [float(row["mm"]) for row in rows],
             color=style.palette[0],
             # In a greyscale theme, hatching keeps bars apart without colour.
             hatch=style.hatches[1] if style.greyscale else None)
    axes.set_ylabel("Rainfall (mm)")
    return figure
