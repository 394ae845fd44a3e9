"""Steel for 1958: the target set at Beidaihe, against 1957 output, the output announced in
December 1958 and the later official figure. Horizontal bars, earliest at the top. Data and
sources: figures/data/steel_targets.csv.
"""
import matplotlib.pyplot as plt
from matplotlib.patches import Patch

KINDS = {  # kind -> (legend label, colour index, hatch index)
    "actual": ("Output actually produced", 0, 0),
    "target": ("Target for 1958", 3, 1),
    "claim": ("Output announced at the time", 1, 2),
    "later": ("Later official figure", 2, 3),
}


def draw(style):
    rows = style.table("steel_targets.csv", numbers=["value"])
    # Where the figure is narrow for its text (on screen, on an A5 page, in large print):
    # each bar is named on a line of its own, above it, so that the bars keep the width.
    narrow = style.narrow
    figure, axes = plt.subplots(figsize=(style.width, style.height * (1.5 if narrow else 0.95)))
    top = max(r["value"] for r in rows)

    for position, row in enumerate(rows):
        y = len(rows) - 1 - position  # first row of the file at the top
        _, colour_index, hatch_index = KINDS[row["kind"]]
        value = row["value"]
        axes.barh(y, value, height=0.42 if narrow else 0.62, color=style.palette[colour_index],
                  edgecolor=style.text_colour, linewidth=0.5,
                  hatch=style.hatches[hatch_index] if style.greyscale else None)
        axes.annotate(str(value), (value, y), xytext=(4, 0), textcoords="offset points",
                      va="center", ha="left", fontsize=style.font_size * 0.9)
        if narrow:
            axes.text(0, y + 0.26, row["label"], va="bottom", ha="left")

    # The 1957 level as a reference line, so each bar can be read as "how many times 1957".
    base = rows[0]["value"]
    axes.axvline(base, color=style.text_colour, linewidth=0.6, linestyle=":", zorder=0)
    axes.axvline(base * 2, color=style.text_colour, linewidth=0.6, linestyle=":", zorder=0)
    # Only the second line is named: the first starts at the end of the 1957 bar itself.
    axes.annotate("double the 1957 level", (base * 2, len(rows) - (0.05 if narrow else 0.35)),
                  xytext=(-3, 0),
                  textcoords="offset points", ha="right", va="bottom",
                  fontsize=style.font_size * 0.85)

    axes.set_yticks(range(len(rows) - 1, -1, -1), [] if narrow else [r["label"] for r in rows])
    axes.tick_params(axis="y", length=0)
    axes.spines["left"].set_visible(False)
    axes.set_ylim(-0.6, len(rows) + (0.3 if narrow else 0.2))
    axes.set_xlim(0, top * (1.3 if narrow else 1.22))
    axes.set_xlabel("Steel, million tonnes")
    used = []
    for row in rows:
        if row["kind"] not in used:
            used.append(row["kind"])
    handles = [Patch(facecolor=style.palette[KINDS[k][1]], edgecolor=style.text_colour,
                     linewidth=0.5, hatch=style.hatches[KINDS[k][2]] if style.greyscale else None,
                     label=KINDS[k][0]) for k in used]
    figure.legend(handles=handles, loc="outside lower left" if narrow else "outside lower center",
                  ncol=1 if narrow else 2, handlelength=1.4)
    if narrow:  # a row: its name's line above its bar and its number
        style.fit_rows(figure, axes, 2.3)
    return figure
