"""The words the builder itself prints, in the book's language; a booklet can override any."""
from __future__ import annotations

import functools
import html
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions.smarty import SmartyExtension

ENGLISH = {
    "contents": "Contents", "figures": "Figures", "chapter": "Chapter", "figure": "Figure",
    "table": "Table", "equation": "Equation", "equations": "Equations",
    "glossary": "Glossary",
    "references": "References", "index": "Index",
    "answer_key": "Answer key", "learning_objectives": "Learning objectives",
    "objectives_intro": "By the end of this chapter you should be able to:",
    "key_terms": "Key terms", "see": "See", "see_also": "See also", "page": "page",
    "note": "Note", "tip": "Tip", "warning": "Warning", "source": "Source",
    "exercise": "Questions", "answer": "Model answers", "discussion": "Discussion",
    "teacher": "Teacher's note", "name": "Name", "date": "Date", "class": "Class",
    "text_by": "Text by", "teacher_edition": "Teacher's edition",
    "outside_handout": "in the full booklet",
    "cited_on_page": "Cited on page", "cited_on_pages": "Cited on pages",
    "back_to_citation": "Back to the citation",
    "mark": "mark", "marks": "marks", "total_marks": "Total:",
    "chapter_links": "Links in this chapter", "qr_code": "QR code",
}
WORDS = {
    "en": ENGLISH,
    "de": {
        "contents": "Inhalt", "figures": "Abbildungen", "chapter": "Kapitel",
        "figure": "Abbildung", "table": "Tabelle", "equation": "Gleichung",
        "equations": "Gleichungen", "glossary": "Glossar",
        "references": "Literatur", "index": "Register", "answer_key": "Lösungen",
        "learning_objectives": "Lernziele",
        "objectives_intro": "Am Ende dieses Kapitels kannst du:",
        "key_terms": "Schlüsselbegriffe", "see": "siehe", "see_also": "siehe auch",
        "page": "Seite", "note": "Hinweis", "tip": "Tipp", "warning": "Achtung",
        "source": "Quelle", "exercise": "Fragen", "answer": "Musterlösungen",
        "discussion": "Diskussion", "teacher": "Hinweis für Lehrkräfte", "name": "Name",
        "date": "Datum", "class": "Klasse", "text_by": "Text von",
        "teacher_edition": "Ausgabe für Lehrkräfte",
        "outside_handout": "im vollständigen Heft",
        "cited_on_page": "Zitiert auf Seite", "cited_on_pages": "Zitiert auf den Seiten",
        "back_to_citation": "Zurück zum Zitat",
        "mark": "Punkt", "marks": "Punkte", "total_marks": "Gesamt:",
        "chapter_links": "Links in diesem Kapitel", "qr_code": "QR-Code",
    },
    "fr": {
        "contents": "Table des matières", "figures": "Figures", "chapter": "Chapitre",
        "figure": "Figure", "table": "Tableau", "equation": "Équation",
        "equations": "Équations", "glossary": "Glossaire",
        "references": "Bibliographie", "index": "Index", "answer_key": "Corrigés",
        "learning_objectives": "Objectifs", "objectives_intro":
        "À la fin de ce chapitre, tu sauras :", "key_terms": "Mots clés", "see": "voir",
        "see_also": "voir aussi", "page": "page", "note": "Remarque", "tip": "Conseil",
        "warning": "Attention", "source": "Document", "exercise": "Questions",
        "answer": "Corrigés", "discussion": "Discussion",
        "teacher": "Note pour l'enseignant", "name": "Nom", "date": "Date",
        "class": "Classe", "text_by": "Texte de", "teacher_edition": "Édition du professeur",
        "outside_handout": "dans le livret complet",
        "cited_on_page": "Cité page", "cited_on_pages": "Cité pages",
        "back_to_citation": "Retour à la citation",
        "mark": "point", "marks": "points", "total_marks": "Total :",
        "chapter_links": "Liens de ce chapitre", "qr_code": "Code QR",
    },
    "es": {
        "contents": "Índice", "figures": "Figuras", "chapter": "Capítulo",
        "figure": "Figura", "table": "Tabla", "equation": "Ecuación",
        "equations": "Ecuaciones", "glossary": "Glosario",
        "references": "Bibliografía", "index": "Índice analítico",
        "answer_key": "Solucionario", "learning_objectives": "Objetivos",
        "objectives_intro": "Al final de este capítulo sabrás:",
        "key_terms": "Conceptos clave", "see": "véase", "see_also": "véase también",
        "page": "página", "note": "Nota", "tip": "Consejo", "warning": "Atención",
        "source": "Fuente", "exercise": "Preguntas", "answer": "Respuestas modelo",
        "discussion": "Debate", "teacher": "Nota para el docente", "name": "Nombre",
        "date": "Fecha", "class": "Clase", "text_by": "Texto de",
        "teacher_edition": "Edición para el docente",
        "outside_handout": "en el cuadernillo completo",
        "cited_on_page": "Citado en la página", "cited_on_pages": "Citado en las páginas",
        "back_to_citation": "Volver a la cita",
        "mark": "punto", "marks": "puntos", "total_marks": "Total:",
        "chapter_links": "Enlaces de este capítulo", "qr_code": "Código QR",
    },
}
# The languages whose running text writes a reference's word in lower case ("comme le
# montre la figure 2", "véase la tabla 1"), with a capital at a sentence's start only.
# English and German write "Figure 2", "Abbildung 2" everywhere.
LOWER_CASE_REFERENCES = frozenset(("fr", "es"))
# The French article of each of the builder's own words for what references name, so
# that "l’@fig-x" can read "la figure 2" ("figure" takes no elision) and "la @eq-x"
# "l’équation 3".
FRENCH_ARTICLES = {"figure": "la", "table": "le", "chapter": "le", "equation": "la"}
# Quotation marks per language, in Python-Markdown smarty's terms.
QUOTES = {
    "de": {"left-double-quote": "&bdquo;", "right-double-quote": "&ldquo;",
           "left-single-quote": "&sbquo;", "right-single-quote": "&lsquo;"},
    "fr": {"left-double-quote": "&laquo;&#8239;", "right-double-quote": "&#8239;&raquo;"},
    "es": {"left-double-quote": "&laquo;", "right-double-quote": "&raquo;"},
}


def words_for(language: str, overrides: dict[str, str]) -> dict[str, str]:
    """The words for a language (English where it has none), with the booklet's own (the
    `labels` table of book.toml)."""
    base = WORDS.get(language.split("-")[0].lower(), {})
    return {**ENGLISH, **base, **overrides}


def counted_marks(count: int, words: dict[str, str]) -> str:
    """"1 mark", "12 marks": a number of marks in the book's words."""
    return f"{count} {words['mark'] if count == 1 else words['marks']}"


def quoted(text: str, language: str) -> str:
    """`text` between the language's double quotation marks: “title”, « titre »."""
    marks = QUOTES.get(language.split("-")[0].lower(), {})
    return (html.unescape(marks.get("left-double-quote", "&ldquo;")) + text
            + html.unescape(marks.get("right-double-quote", "&rdquo;")))


def quotes_for(language: str) -> dict[str, str]:
    """The quotation marks for a language, for smarty's `substitutions`."""
    return QUOTES.get(language.split("-")[0].lower(), {})


def typeset(text: str, language: str) -> str:
    """Plain `text` with the typographic quotes, apostrophes, dashes and ellipses that the
    chapters get, for text that is not read as Markdown: index terms, bibliography data.
    Nothing else in it is read as markup."""
    typographer = _typographer(language.split("-")[0].lower())
    typographer.reset()
    # Only smarty's own pass over the text, so that `*`, `1.` or `<b>` stay as written;
    # it reads the text of the children of the element it is given.
    root = etree.Element("div")
    paragraph = etree.SubElement(root, "p")
    paragraph.text = text
    typographer.treeprocessors["smarty"].run(root)
    result = markdown.serializers.to_html_string(paragraph)
    for postprocessor in typographer.postprocessors:
        result = postprocessor.run(result)
    return html.unescape(result.removeprefix("<p>").removesuffix("</p>"))


@functools.cache
def _typographer(language: str) -> markdown.Markdown:
    return markdown.Markdown(extensions=[SmartyExtension(substitutions=quotes_for(language))])
