"""The harvest line: one data file, the theme's style."""
import matplotlib.pyplot as plt


def draw(style):
    rows = style.table("harvest.csv")
    figure, axes = plt.subplots()
    axes.plot([int(r["year"]) for r in rows], [float(r["tonnes"]) for r in rows])
    axes.set_xlabel("Harvest year")
    axes.set_ylabel("Tonnes of grain")
    return figure
