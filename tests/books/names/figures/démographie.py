import matplotlib.pyplot as plt


def draw(style):
    rows = style.table("données/série.csv", numbers=["année", "valeur"])
    figure, axes = plt.subplots(figsize=(4, 2.5))
    axes.plot([row["année"] for row in rows], [row["valeur"] for row in rows])
    return figure
