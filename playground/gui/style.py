"""Colours and sizes the canvas shares, in one place."""

from __future__ import annotations

from PySide6.QtGui import QColor

NODE_WIDTH = 230.0
NODE_HEIGHT = 76.0
PORT_RADIUS = 6.0
LAYOUT_DX = NODE_WIDTH + 50.0  # default spacing when the app itself places nodes
LAYOUT_DY = NODE_HEIGHT + 44.0

CATEGORY_FILL = {
    "input": QColor("#dbe8f7"),
    "convolution": QColor("#d9efd9"),
    "pooling": QColor("#fbefcf"),
    "core": QColor("#ececec"),
    "normalisation": QColor("#e7def5"),
    "regularisation": QColor("#f7dfe5"),
    "activation": QColor("#fde4cf"),
    "merge": QColor("#d5eeee"),
}
CATEGORY_ACCENT = {
    "input": QColor("#3b73b9"),
    "convolution": QColor("#3d8c40"),
    "pooling": QColor("#b98a12"),
    "core": QColor("#6f6f6f"),
    "normalisation": QColor("#7650b0"),
    "regularisation": QColor("#b0445e"),
    "activation": QColor("#c86a1a"),
    "merge": QColor("#2a8a8a"),
}
UNKNOWN_FILL = QColor("#f0f0f0")
UNKNOWN_ACCENT = QColor("#999999")

BORDER = QColor("#5a5a5a")
TEXT = QColor("#1e1e1e")
TEXT_DIM = QColor("#5c5c5c")
SELECTED = QColor("#2f6fdf")
ERROR = QColor("#d12f2f")
WARNING = QColor("#df8a00")
EDGE = QColor("#7d7d7d")
PORT_FILL = QColor("#ffffff")
GRID_DOT = QColor("#d4d4d4")
CANVAS_BG = QColor("#fafafa")
