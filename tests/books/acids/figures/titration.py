"""A titration curve: pH against the volume of alkali added (figures/data/titration.csv)."""
import matplotlib.pyplot as plt


def draw(style):
    rows = style.table("titration.csv")
    volume = [float(row["volume_cm3"]) for row in rows]
    ph = [float(row["pH"]) for row in rows]

    figure, axes = plt.subplots(layout="constrained")
    axes.plot(volume, ph, color=style.palette[0],
              marker=style.markers[0] if style.greyscale else None, markersize=3)
    # The range over which phenolphthalein changes colour.
    axes.axhspan(8.2, 10.0, color=style.palette[5], alpha=0.25, linewidth=0,
                 hatch=style.hatches[2] if style.greyscale else None)
    axes.text(36, 8.6, "phenolphthalein\nchanges colour", fontsize=style.font_size * 0.9)
    axes.annotate("equivalence point\n(25.0 cm³, pH 7)", xy=(25, 7), xytext=(29, 4),
                  arrowprops={"arrowstyle": "->", "color": style.text_colour})
    axes.set_xlim(0, 50)
    axes.set_ylim(0, 14)
    axes.set_xlabel("Volume of sodium hydroxide added (cm³)")
    axes.set_ylabel("pH")
    return figure
