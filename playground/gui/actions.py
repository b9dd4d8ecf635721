"""The window's actions, menus and toolbar, with their shortcuts and icons, in one table."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStyle, QToolBar

from playground.paths import RESOURCES

ICONS = RESOURCES / "icons"


def icon(window: QMainWindow, name: str, fallback: QStyle.StandardPixmap | None = None) -> QIcon:
    path = ICONS / f"{name}.svg"
    if path.is_file():
        return QIcon(str(path))
    return window.style().standardIcon(fallback) if fallback is not None else QIcon()


def _action(window: QMainWindow, text: str, slot=None, shortcut=None, tip: str = "", icon_name: str = "",
            fallback=None) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    if icon_name or fallback is not None:
        action.setIcon(icon(window, icon_name, fallback))
    if slot is not None:
        action.triggered.connect(slot)
    return action


def build_actions(w) -> SimpleNamespace:
    """Create the actions of MainWindow ``w`` and put them into its menus and toolbar."""
    sp = QStyle.StandardPixmap
    Key = QKeySequence.StandardKey
    a = SimpleNamespace()
    a.new = _action(w, "&New project…", w.new_project, Key.New, "Start a project from a template", "new", sp.SP_FileIcon)
    a.open = _action(w, "&Open…", lambda: w.document.open(), Key.Open, "Open a project file", "open",
                     sp.SP_DialogOpenButton)
    a.save = _action(w, "&Save", lambda: w.document.save(), Key.Save, "Save the project", "save",
                     sp.SP_DialogSaveButton)
    a.save_as = _action(w, "Save &as…", lambda: w.document.save_as(), Key.SaveAs, "Save the project under a new name")
    a.quit = _action(w, "&Quit", w.close, Key.Quit)
    a.undo = w.undo_stack.createUndoAction(w, "&Undo")
    a.undo.setShortcuts([QKeySequence(Key.Undo)])
    a.undo.setIcon(icon(w, "undo", sp.SP_ArrowBack))
    a.redo = w.undo_stack.createRedoAction(w, "&Redo")
    a.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence(Key.Redo)])
    a.redo.setIcon(icon(w, "redo", sp.SP_ArrowForward))
    a.copy = _action(w, "&Copy", w.ops.copy_selection, Key.Copy, "Copy the selected layers")
    a.paste = _action(w, "&Paste", w.ops.paste, Key.Paste, "Paste layers")
    a.delete = _action(w, "&Delete", w.ops.delete_selection, [QKeySequence(Key.Delete), QKeySequence("Backspace")],
                       "Delete the selected layers and connections")
    a.select_all = _action(w, "Select &all", w.select_all, Key.SelectAll)
    a.zoom_in = _action(w, "Zoom &in", w.view.zoom_in, [QKeySequence(Key.ZoomIn), QKeySequence("Ctrl+=")])
    a.zoom_out = _action(w, "Zoom &out", w.view.zoom_out, Key.ZoomOut)
    a.fit = _action(w, "&Fit network in view", w.view.fit_all, "Ctrl+0", "Show the whole network", "fit")
    a.arrange = _action(w, "&Arrange layers", w.ops.arrange, "Ctrl+L", "Lay the network out top to bottom", "arrange")
    a.template = _action(w, "Replace with &template…", w.apply_template, None,
                         "Replace the network with a template (undoable)", "template")
    a.dataset = _action(w, "Choose &dataset…", w.choose_dataset, "Ctrl+D",
                        "Choose the data to train on; the Input and output follow it", "dataset")
    a.train = _action(w, "&Train", w.train, "Ctrl+T", "Train the network", "train", sp.SP_MediaPlay)

    bar = w.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([a.new, a.open])
    w.recent_menu = file_menu.addMenu("Open &recent")
    file_menu.addSeparator()
    file_menu.addActions([a.save, a.save_as])
    file_menu.addSeparator()
    file_menu.addAction(a.quit)
    edit = bar.addMenu("&Edit")
    edit.addActions([a.undo, a.redo])
    edit.addSeparator()
    edit.addActions([a.copy, a.paste, a.delete, a.select_all])
    network = bar.addMenu("&Network")
    network.addActions([a.dataset, a.template, a.arrange])
    network.addSeparator()
    network.addAction(a.train)
    w.view_menu = bar.addMenu("&View")
    w.view_menu.addActions([a.zoom_in, a.zoom_out, a.fit])
    w.view_menu.addSeparator()

    short = {a.new: "New", a.open: "Open", a.save: "Save", a.undo: "Undo", a.redo: "Redo",
             a.dataset: "Dataset", a.arrange: "Arrange", a.fit: "Fit", a.train: "Train"}
    for action, text in short.items():
        action.setIconText(text)
    tools = QToolBar("Main", w)
    tools.setObjectName("mainToolbar")
    tools.setMovable(False)
    tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    tools.addActions([a.new, a.open, a.save])
    tools.addSeparator()
    tools.addActions([a.undo, a.redo])
    tools.addSeparator()
    tools.addActions([a.dataset, a.arrange, a.fit])
    tools.addSeparator()
    tools.addAction(a.train)
    w.addToolBar(tools)
    a.toolbar = tools
    return a
