"""The lesson beside the canvas: its title, what to do and what to look for, and one button per
project to compare (each opens that variant as the current project)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget


class LessonPanel(QWidget):
    variantRequested = Signal(int, str)  # lesson number, variant key
    linkActivated = Signal(str)  # a playground: address in the lesson text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonPanel")
        self.lesson = None
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 15px; font-weight: 600; padding: 4px 2px;")
        self.text = QTextBrowser(self)
        self.text.setOpenLinks(False)
        self.text.anchorClicked.connect(lambda url: self.linkActivated.emit(url.toString()))
        self.runs_label = QLabel("Projects to compare (each a run in the runs panel):", self)
        self.runs_label.setWordWrap(True)
        self.buttons_box = QWidget(self)
        self.buttons_layout = QVBoxLayout(self.buttons_box)
        self.buttons_layout.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #666;")
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        for w in (self.title, self.text, self.runs_label, self.buttons_box, self.hint):
            layout.addWidget(w)
        layout.setStretch(1, 1)

    def show_lesson(self, lesson, current: str | None = None) -> None:
        """Fill the panel with ``lesson`` and check the button of variant ``current``."""
        self.lesson = lesson
        self.title.setText(f"Lesson {lesson.number}: {lesson.title}")
        self.text.setHtml(lesson.text())
        for button in self.group.buttons():
            self.group.removeButton(button)
            button.deleteLater()
        for variant in lesson.variants:
            label = variant.label + ("" if variant.train else "  (read the summary)")
            button = QPushButton(label, self.buttons_box)
            button.setCheckable(True)
            button.setObjectName(f"variant_{variant.key}")
            button.setToolTip(f"Open {lesson.project_path(variant.key).name} as the current project")
            button.setChecked(variant.key == (current or lesson.variants[0].key))
            button.clicked.connect(lambda _=False, k=variant.key: self.variantRequested.emit(self.lesson.number, k))
            self.group.addButton(button)
            self.buttons_layout.addWidget(button)
        self.hint.setText(f"Check it headless: playground lessons run {lesson.number}")

    def variant_buttons(self) -> list[QPushButton]:
        return list(self.group.buttons())
