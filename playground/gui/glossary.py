"""Help > Glossary: every term in a sentence or two, where the app shows it, and a link there."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QTextBrowser, QVBoxLayout, QWidget


def glossary_html(terms, words: str = "") -> str:
    """The entries whose text contains every word of ``words``, as simple HTML."""
    wanted = words.lower().split()
    parts = []
    for term in terms:
        hay = f"{term.name} {term.meaning} {term.where}".lower()
        if any(w not in hay for w in wanted):
            continue
        parts.append(
            f"<h3 style='margin-bottom:2px'>{html.escape(term.name)}</h3>"
            f"<p style='margin-top:0'>{html.escape(term.meaning)}<br>"
            f"<span style='color:#555'>See it: {html.escape(term.where)}</span> "
            f"<a href='{html.escape(term.link)}'>{html.escape(term.link_text)} →</a></p>")
    return "".join(parts) or "<p>No term matches.</p>"


class GlossaryDialog(QDialog):
    linkActivated = Signal(str)  # a playground: address; the lessons controller follows it

    def __init__(self, parent: QWidget | None = None) -> None:
        from playground.lessons import GLOSSARY

        super().__init__(parent)
        self.setObjectName("glossaryDialog")
        self.setWindowTitle("Glossary")
        self.terms = GLOSSARY
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Find a term…")
        self.filter.setClearButtonEnabled(True)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(lambda url: self.linkActivated.emit(url.toString()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self.show_terms)
        self.show_terms("")
        self.resize(560, 640)

    def show_terms(self, words: str = "") -> None:
        self.browser.setHtml(glossary_html(self.terms, words))

    def term_names(self) -> list[str]:
        return [t.name for t in self.terms]
