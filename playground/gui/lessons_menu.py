"""The Lessons menu and what it does: open a lesson's project, show its text in a dock beside
the canvas, switch between its variants; plus Help > Glossary and the playground: links both use.

Installed by MainWindow with ``install_lessons(window)``; everything else stays in this module.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu

from playground.gui.lesson_dock import LessonPanel

LINK_SCHEME = "playground:"


class LessonsController(QObject):
    """Owns the lesson dock; ``open_lesson(n, variant)`` is what the menu and links call."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.panel = LessonPanel()
        self.panel.variantRequested.connect(self.open_lesson)
        self.panel.linkActivated.connect(self.follow_link)
        self.dock = QDockWidget("Lesson", window)
        self.dock.setObjectName("lessonDock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        inspector = getattr(window, "inspector_dock", None)
        if inspector is not None:
            window.tabifyDockWidget(inspector, self.dock)
        self.dock.hide()
        self.glossary_dialog = None
        self.menu = self._build_menu()
        view_menu = getattr(window, "view_menu", None)
        if view_menu is not None:
            view_menu.addAction(self.dock.toggleViewAction())

    def _build_menu(self) -> QMenu:
        from playground.lessons import LESSONS

        bar = self.window.menuBar()
        menu = QMenu("&Lessons", bar)
        menu.setObjectName("lessonsMenu")
        for lesson in LESSONS:
            action = menu.addAction(f"&{lesson.number}  {lesson.title}" if lesson.number < 10
                                    else f"{lesson.number}  {lesson.title}")
            action.setObjectName(f"lesson{lesson.number}")
            tip = f"Open lesson {lesson.number}'s project and its text beside the canvas"
            action.setStatusTip(tip)
            action.setToolTip(tip)
            action.triggered.connect(lambda _=False, n=lesson.number: self.open_lesson(n))
        help_menu = _find_menu(bar, "Help")
        if help_menu is None:
            bar.addMenu(menu)
            help_menu = bar.addMenu("&Help")
            help_menu.setObjectName("helpMenu")
        else:
            bar.insertMenu(help_menu.menuAction(), menu)
        glossary = help_menu.addAction("&Glossary")
        glossary.setObjectName("glossaryAction")
        glossary.setStatusTip("The words of deep learning, and where this app shows each")
        glossary.triggered.connect(self.show_glossary)
        self.glossary_action = glossary
        return menu

    # -- lessons -------------------------------------------------------------------------------

    def open_lesson(self, number: int, variant: str | None = None) -> bool:
        """Open lesson ``number`` (its variant ``variant``, else the first) as the current project."""
        from playground.lessons import get_lesson
        from playground.project import ProjectError

        training = getattr(self.window, "training", None)
        if training is not None and training.is_running():
            self.window.say("A run is going: stop it before opening a lesson (the network is read-only).")
            return False
        lesson = get_lesson(number)
        key = variant or lesson.variants[0].key
        try:
            project = lesson.project(key)
        except (ProjectError, OSError) as exc:
            self.window.say(f"Lesson {number} could not be opened: {exc}")
            return False
        if not self.window.document.new(project):
            self.panel.show_lesson(self.panel.lesson or lesson)  # keep the checked button honest
            return False
        self.panel.show_lesson(lesson, key)
        self.dock.show()
        self.dock.raise_()
        self.window.say(f"Lesson {number}: {lesson.variant(key).label}. Read the text beside the canvas.")
        return True

    @property
    def current_lesson(self):
        return self.panel.lesson if self.dock.isVisible() else None

    # -- glossary and links --------------------------------------------------------------------

    def show_glossary(self) -> None:
        from playground.gui.glossary import GlossaryDialog

        if self.glossary_dialog is None:
            self.glossary_dialog = GlossaryDialog(self.window)
            self.glossary_dialog.linkActivated.connect(self.follow_link)
        self.glossary_dialog.show()
        self.glossary_dialog.raise_()

    def follow_link(self, address: str) -> bool:
        """Go where a ``playground:`` address points; False (and a status message) when it cannot."""
        w = self.window
        what, _, arg = address.removeprefix(LINK_SCHEME).partition("/")
        if what == "lesson" and arg.isdigit():
            return self.open_lesson(int(arg))
        if what == "kind":
            return self._show_kind(arg)
        if what == "dock":
            dock = {"palette": "palette_dock", "inspector": "inspector_dock", "summary": "summary_dock",
                    "problems": "problems_dock"}.get(arg)
            target = self.dock if arg == "lesson" else getattr(w, dock, None) if dock else None
            if target is not None:
                target.show()
                target.raise_()
                return True
        if what == "action":
            action = getattr(getattr(w, "actions", None), arg, None)
            if action is not None and hasattr(action, "trigger"):
                action.trigger()
                return True
        w.say(f"Nothing to show for {address}")
        return False

    def _show_kind(self, kind: str) -> bool:
        palette = getattr(self.window, "palette", None)
        try:
            item = palette.item_for(kind)
        except (AttributeError, KeyError):
            self.window.say(f"No layer kind {kind} in the palette")
            return False
        palette.filter.clear()
        palette.tree.setCurrentItem(item)
        palette.tree.scrollToItem(item)
        dock = getattr(self.window, "palette_dock", None)
        if dock is not None:
            dock.show()
            dock.raise_()
        self.window.say(f"{item.text(0)}: drag it onto the canvas, or double-click it to add it.")
        return True


def _find_menu(bar, title: str) -> QMenu | None:
    for action in bar.actions():
        menu = action.menu()
        if menu is not None and action.text().replace("&", "") == title:
            return menu
    return None


def install_lessons(window: QMainWindow) -> LessonsController:
    return LessonsController(window)
