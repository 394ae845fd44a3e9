"""Layout: the print layout by WeasyPrint, where things landed, and what WeasyPrint said."""
