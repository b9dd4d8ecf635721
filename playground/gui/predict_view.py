"""The Predict tab: draw (grayscale models), drop or open an image, or pick a sample; see the top
classes, what the model saw with a saliency overlay, that input's feature maps, and whether a
tiny FGSM nudge fools it. Every computation is one small forward or gradient pass on one input,
run on the GUI thread after a short debounce so drawing stays fluid."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from playground import insight
from playground.gui.insight_images import FRAME, framed, heat_overlay, to_pixmap
from playground.gui.insight_source import SPLIT_LABELS, InsightSource
from playground.gui.predict_pad import DrawingPad, ProbabilityBars
from playground.insight.adversarial import DEFAULT_EPSILONS
from playground.insight.feature_maps import default_layer_names

VIEW = 150  # side of the "model sees" / saliency / FGSM pictures
DEBOUNCE_MS = 120
IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff)"


def _picture(title: str) -> tuple[QWidget, QLabel]:
    box = QWidget()
    label = QLabel()
    label.setFixedSize(VIEW, VIEW)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet("background: #202020; color: #c0c0c0;")
    caption = QLabel(title)
    caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
    caption.setWordWrap(True)
    caption.setFixedWidth(VIEW)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(label)
    layout.addWidget(caption)
    return box, label


class PredictTab(QWidget):
    """One input at a time; ``probabilities`` holds the model's answer for the current input."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source: InsightSource | None = None
        self.input: np.ndarray | None = None  # (1, H, W, C) batch the model sees
        self.probabilities: np.ndarray | None = None
        self.saliency: np.ndarray | None = None
        self.maps: dict[str, np.ndarray] = {}
        self._rng = np.random.default_rng(0)
        self.setAcceptDrops(True)

        self.pad = DrawingPad(self)
        self.pad.changed.connect(self._pad_changed)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setFixedWidth(self.pad.width())
        clear = QPushButton("Clear", self)
        clear.clicked.connect(self.pad.clear)
        open_button = QPushButton("Open image\u2026", self)
        open_button.clicked.connect(self._open_clicked)
        sample = QPushButton("Random sample", self)
        sample.setToolTip("Take a random image of the validation (or test) split")
        sample.clicked.connect(self.use_random_sample)
        buttons = QGridLayout()
        buttons.addWidget(clear, 0, 0)
        buttons.addWidget(open_button, 0, 1)
        buttons.addWidget(sample, 1, 0, 1, 2)
        left = QVBoxLayout()
        left.addWidget(self.pad)
        left.addLayout(buttons)
        left.addWidget(self.hint)
        left.addStretch(1)

        self.bars = ProbabilityBars(self)
        self.answer = QLabel("Draw, drop an image file here, or take a random sample.", self)
        self.answer.setWordWrap(True)
        seen_box, self.seen_label = _picture("what the model sees")
        saliency_box, self.saliency_label = _picture("saliency: pixels that move the score most")
        fool_box, self.fool_label = _picture("FGSM: the smallest nudge that flips the answer")
        self.fool_button = QPushButton("Fool it", self)
        self.fool_button.setToolTip("Move every pixel up or down by the same small amount (FGSM) and "
                                    "find the smallest amount that changes the prediction")
        self.fool_button.clicked.connect(self.fool)
        self.fool_text = QLabel(self)
        self.fool_text.setWordWrap(True)
        pictures = QHBoxLayout()
        for box in (seen_box, saliency_box, fool_box):
            pictures.addWidget(box)
        pictures.addStretch(1)
        fool_row = QHBoxLayout()
        fool_row.addWidget(self.fool_button)
        fool_row.addWidget(self.fool_text, 1)

        self.layer_box = QComboBox(self)
        self.layer_box.currentIndexChanged.connect(self._show_maps)
        self.maps_label = QLabel(self)
        self.maps_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        maps_scroll = QScrollArea(self)
        maps_scroll.setWidget(self.maps_label)
        maps_scroll.setWidgetResizable(True)
        maps_scroll.setMinimumHeight(160)
        maps_group = QGroupBox("Feature maps of this input", self)
        maps_layout = QVBoxLayout(maps_group)
        layer_row = QHBoxLayout()
        layer_row.addWidget(QLabel("Layer:", self))
        layer_row.addWidget(self.layer_box, 1)
        maps_layout.addLayout(layer_row)
        maps_layout.addWidget(maps_scroll, 1)

        right = QVBoxLayout()
        right.addWidget(self.answer)
        right.addWidget(self.bars)
        right.addLayout(pictures)
        right.addLayout(fool_row)
        right.addWidget(maps_group, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addLayout(right, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._use_drawing)
        self.set_source(None)

    # -- source -----------------------------------------------------------------------------------

    def set_source(self, source: InsightSource | None) -> None:
        self.source = source
        self._debounce.stop()
        self.input = self.probabilities = self.saliency = None
        self.maps = {}
        self.layer_box.blockSignals(True)
        self.layer_box.clear()
        self.layer_box.blockSignals(False)
        usable = source is not None and source.is_image
        for w in self.findChildren(QPushButton):
            w.setEnabled(usable)
        self.pad.setEnabled(usable and source.is_grayscale)
        self.pad.image.fill(0)
        self.pad.update()
        if source is None:
            self.hint.setText("")
        elif not source.is_image:
            self.hint.setText("This model does not take images, so there is nothing to draw.")
        elif not source.is_grayscale:
            self.hint.setText("This model sees colour images: drop or open an image file, or take a sample.")
        else:
            h, w, _ = source.input_shape
            self.hint.setText(f"Your drawing is centred and shrunk to {h}\u00d7{w} like the training images.")
        self._show_nothing()

    # -- inputs -----------------------------------------------------------------------------------

    @Slot()
    def _pad_changed(self) -> None:
        if self.source is not None and self.pad.isEnabled():
            self._debounce.start()

    @Slot()
    def _use_drawing(self) -> None:
        """Predict the drawing now (the debounce timer calls this; tests may too)."""
        self._debounce.stop()
        if self.source is None:
            return
        if self.pad.is_empty():
            self.input = None
            self._show_nothing()
            return
        self.set_input(insight.pad_to_input(self.pad.drawing(), self.source.input_shape), "your drawing")

    def open_image(self, path: str | Path) -> None:
        if self.source is None or not self.source.is_image:
            return
        try:
            batch = insight.prepare_image(path, self.source.input_shape)
        except ValueError as exc:
            self.answer.setText(str(exc))
            return
        self.set_input(batch, Path(path).name)

    @Slot()
    def _open_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open an image", "", IMAGE_FILTER)
        if path:
            self.open_image(path)

    @Slot()
    def use_random_sample(self) -> None:
        if self.source is None or not self.source.available():
            return
        key = self.source.available()[0]
        x, y = getattr(self.source.splits, key)
        i = int(self._rng.integers(len(y)))
        self.set_input(np.asarray(x[i:i + 1], dtype=np.float32),
                       f"sample {i} of the {SPLIT_LABELS[key]} split (true class {self.source.class_names[int(y[i])]})")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            self.open_image(files[0])
            event.acceptProposedAction()

    # -- the answer -------------------------------------------------------------------------------

    def set_input(self, batch: np.ndarray, description: str) -> None:
        """Show everything about one (1, H, W, C) input."""
        source = self.source
        if source is None:
            return
        self.input = np.asarray(batch, dtype=np.float32)
        self.probabilities = source.predict(self.input)[0]
        k = min(5, len(source.class_names))
        top = insight.top_k(self.probabilities, source.class_names, k)
        self.bars.set_predictions(top)
        self.answer.setText(f"{description}: <b>{top[0].name}</b> ({100 * top[0].probability:.1f}%)")
        image = self.input[0]
        self.seen_label.setPixmap(to_pixmap(image, VIEW))
        self.saliency = insight.saliency_map(source.model, image, class_index=top[0].index)
        self.saliency_label.setPixmap(to_pixmap(heat_overlay(image, self.saliency), VIEW))
        self.fool_label.clear()
        self.fool_text.setText("")
        self.fool_button.setEnabled(True)
        self._compute_maps(image)

    def _compute_maps(self, image: np.ndarray) -> None:
        assert self.source is not None
        model = self.source.model
        self.maps = dict(insight.feature_maps(model, image, default_layer_names(model)))
        current = self.layer_box.currentText()
        if [self.layer_box.itemText(i) for i in range(self.layer_box.count())] != list(self.maps):
            self.layer_box.blockSignals(True)
            self.layer_box.clear()
            self.layer_box.addItems(list(self.maps))
            self.layer_box.blockSignals(False)
            if current in self.maps:
                self.layer_box.setCurrentText(current)
        self._show_maps()

    @Slot()
    def _show_maps(self) -> None:
        name = self.layer_box.currentText()
        if name not in self.maps:
            self.maps_label.clear()
            return
        grid = insight.feature_grid(self.maps[name], max_channels=64)
        th, tw = grid.tile_shape
        zoom = max(1, min(8, 48 // max(1, max(th, tw))))
        grid = insight.feature_grid(self.maps[name], max_channels=64, zoom=zoom, pad=2, background=FRAME)
        pixmap = to_pixmap(framed(grid.image), max(grid.image.shape[:2]))
        self.maps_label.setPixmap(pixmap)
        self.maps_label.setToolTip(f"{name}: {grid.count} channel(s), each stretched to its own range "
                                   "(bright = strong response)")

    @Slot()
    def fool(self) -> None:
        """FGSM: the smallest epsilon that changes the current prediction, and the image it makes."""
        if self.source is None or self.input is None or self.probabilities is None:
            return
        names = self.source.class_names
        label = int(np.argmax(self.probabilities))
        result = insight.smallest_flipping_epsilon(self.source.model, self.input[0], label)
        self.fool_label.setPixmap(to_pixmap(result.perturbed, VIEW))
        if result.flipped:
            self.fool_text.setText(
                f"Changing every pixel by only {result.epsilon:g} turns <b>{names[result.pred_before]}</b> "
                f"into <b>{names[result.pred_after]}</b> ({100 * result.confidence_after:.0f}%)."
            )
        else:
            self.fool_text.setText(f"Not fooled: even a change of {DEFAULT_EPSILONS[-1]:g} per pixel "
                                   f"keeps <b>{names[result.pred_before]}</b>.")

    def _show_nothing(self) -> None:
        self.bars.set_predictions([])
        for label in (self.seen_label, self.saliency_label, self.fool_label):
            label.clear()
        self.maps_label.clear()
        self.fool_text.setText("")
        self.fool_button.setEnabled(False)
        self.probabilities = None
        if self.source is not None and self.source.is_image:
            self.answer.setText("Draw, drop an image file here, or take a random sample.")
        elif self.source is None:
            self.answer.setText("Train a model to try it on your own input.")
