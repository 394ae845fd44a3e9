"""Formulas: MathML for the screen (mathml.py), drawings for print (drawing.py)."""
