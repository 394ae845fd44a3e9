"""Hectares sown: one data file, the theme's style."""
import matplotlib.pyplot as plt


def draw(style):
    rows = style.table("sown.csv")
    figure, axes = plt.subplots()
    axes.bar([r["year"] for r in rows], [float(r["hectares"]) for r in rows])
    axes.set_ylabel("Hectares")
    return figure
