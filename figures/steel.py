"""Iron and steel output as an index (1957 = 100): the seed article's claims against official data.

Both series, their derivations and how to join their points are in figures/data/steel.csv. Years
without a verified figure are missing; a dotted line bridges a gap only where the data file says so.
"""
import textwrap
from itertools import pairwise

import matplotlib.pyplot as plt
from matplotlib.lines import Line2D

SERIES = {"official": (0, "o"), "seed": (3, "s")}  # series -> (colour index, marker)


def draw(style):
    rows = style.table("steel.csv", numbers=["year", "index"])
    # Where the figure is narrow for its text (on screen, on an A5 page, in large print):
    # the series are named in a legend under the chart, the note goes last in it, and the years
    # are marked every other year.
    narrow = style.narrow
    figure, axes = plt.subplots(figsize=(style.width, style.height * (1.6 if narrow else 1.05)))
    first, last = min(r["year"] for r in rows), max(r["year"] for r in rows)
    base = next(r for r in rows if not r["join"])  # the first year of a series is the base

    axes.axhline(base["index"], color=style.text_colour, linewidth=0.6, alpha=0.5,
                 zorder=1)
    # Named under the line where no series passes: between the first two years shown.
    axes.text(first + 2, base["index"] - 5, f"{base['year']} level", ha="center",
              va="top", fontsize=style.font_size * 0.85)

    names = []  # the series' legend entries, when the chart is narrow
    for name, (colour_index, marker) in SERIES.items():
        points = sorted((r for r in rows if r["series"] == name), key=lambda r: r["year"])
        colour = style.palette[colour_index]
        for before, point in pairwise(points):
            if point["join"] == "none":
                continue
            dotted = point["join"] == "dotted"
            axes.plot([before["year"], point["year"]],
                      [before["index"], point["index"]], color=colour, zorder=2,
                      linestyle=":" if dotted else "-",
                      linewidth=style.line_width * (0.8 if dotted else 1))
        axes.plot([p["year"] for p in points], [p["index"] for p in points],
                  linestyle="none", marker=marker, markersize=6, color=colour,
                  markeredgecolor=style.text_colour, markeredgewidth=0.5, zorder=3)
        others = {r["year"]: r["index"] for r in rows if r["series"] != name}
        for point in points:
            if not point["tonnes"]:
                continue
            # To the right of the point; where the other series has a point close by, to the
            # left of it instead; under it in the first year (where the lines start) and at a dip.
            year, value = point["year"], point["index"]
            crowded = year in others and abs(others[year] - value) < 25
            at = points.index(point)
            dip = 0 < at < len(points) - 1 and all(  # a low point: lines leave it upwards
                points[i]["index"] > value for i in (at - 1, at + 1))
            under = (crowded and at == 0) or dip
            offset, ha, va = ((0, -9), "center", "top") if under else \
                ((-7, 0), "right", "center") if crowded else ((7, 0), "left", "center")
            axes.annotate(f"{point['tonnes']} Mt", (year, value), xytext=offset,
                          textcoords="offset points", ha=ha, va=va,
                          fontsize=style.font_size * 0.85)
        if narrow:  # named in the legend under the chart
            names.append(Line2D([], [], color=colour, marker=marker, markersize=6,
                                markeredgecolor=style.text_colour, markeredgewidth=0.5,
                                linewidth=style.line_width, label=points[0]["label"]))
            continue
        # The series' name instead of a legend: the official series to the left of its peak,
        # the seed's under its last point, where no line passes.
        if name == "official":
            where = max(points, key=lambda p: p["index"])
            offset, ha, va = (-9, 0), "right", "center"
        else:
            where, offset, ha, va = points[-1], (0, -9), "center", "top"
        axes.annotate(where["label"], (where["year"], where["index"]),
                      xytext=offset, textcoords="offset points", ha=ha, va=va,
                      color=colour, fontweight="bold", fontsize=style.font_size * 0.95)

    seed_years = {r["year"] for r in rows if r["series"] == "seed"}
    silent = [str(y) for y in range(first + 1, last) if y not in seed_years]
    note = ("The encyclopedia article gives no figure for " + ", ".join(silent)
            + ".\nIt says only that iron output “plummeted” in 1961\n"
            "and did not regain its 1958 level until 1964.")
    if narrow:  # the note goes last in the legend, where it has the width of the figure
        wrapped = textwrap.fill(note.replace("\n", " "), 50)
        figure.legend(handles=[*names, Line2D([], [], linestyle="none", label=wrapped)],
                      loc="outside lower left")
    else:
        axes.text(0.985, 0.03, note, transform=axes.transAxes, ha="right", va="bottom",
                  fontsize=style.font_size * 0.85, linespacing=1.3)

    axes.set_xticks(range(first, last + 1, 2 if narrow else 1))
    axes.set_xlim(first - 0.5, last + 0.5)
    axes.set_ylim(0, max(r["index"] for r in rows) * 1.1)
    axes.set_xlabel("Year")
    axes.set_ylabel(f"Output index ({base['year']} = {base['index']})")
    return figure
