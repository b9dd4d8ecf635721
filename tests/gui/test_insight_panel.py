"""The insight panel on a tiny conv net trained for two epochs on the 8x8 digits: clicking a
confusion cell opens exactly that cell's examples, most confident first; drawing changes the
prediction; filter visualisation produces an image and leaves no thread behind."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

keras = pytest.importorskip("keras")

from playground.data.embedded import load_digits  # noqa: E402
from playground.data.split import split  # noqa: E402
from playground.engine.build import build_model  # noqa: E402
from playground.gui.insight_panel import InsightPanel  # noqa: E402
from playground.network import chain  # noqa: E402


@pytest.fixture(scope="module")
def trained():
    keras.utils.set_random_seed(0)
    splits = split(load_digits())
    model = build_model(chain([
        ("Input", {"shape": (8, 8, 1)}),
        ("Conv2D", {"filters": 6, "padding": "same"}),
        ("MaxPooling2D", {}),
        ("Conv2D", {"filters": 4, "padding": "same"}),
        ("Flatten", {}),
        ("Dense", {"units": 10, "activation": "softmax"}),
    ], name="tiny"))
    model.compile("adam", "sparse_categorical_crossentropy")
    model.fit(*splits.train, epochs=2, batch_size=32, verbose=0)
    return model, splits


@pytest.fixture
def panel(qtbot, trained):
    widget = InsightPanel()
    qtbot.addWidget(widget)
    widget.resize(900, 640)
    widget.show()
    widget.set_source(*trained)
    yield widget
    widget.close()


def reference_predictions(model, x):
    probs = np.asarray(model(x, training=False))
    return probs.argmax(axis=1), probs


def test_clicking_a_confusion_cell_opens_its_examples_most_confident_first(panel, qtbot, trained):
    model, splits = trained
    x, y = splits.val
    pred, probs = reference_predictions(model, x)
    counts = np.zeros((10, 10), dtype=int)
    np.add.at(counts, (y, pred), 1)
    off = np.where(~np.eye(10, dtype=bool), counts, 0)
    t, p = np.unravel_index(off.argmax(), off.shape)  # the most frequent confusion
    assert counts[t, p] >= 2, "the tiny model should confuse some classes after two epochs"

    view = panel.confusion.matrix_view
    centre = view.cell_rect(int(t), int(p)).center().toPoint()
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=centre)

    dialog = panel.confusion.examples_dialog
    assert dialog is not None and dialog.isVisible()
    shown = dialog.gallery.sample_indices()
    assert len(shown) == counts[t, p]
    assert all(y[i] == t and pred[i] == p for i in shown)
    confidence = probs[shown, p]
    assert np.all(np.diff(confidence) <= 1e-6), "most confident first"
    assert dialog.gallery.item(0).text().startswith(f"true {t} \u2192 {p}")

    diagonal = view.cell_rect(int(t), int(t)).center().toPoint()
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=diagonal)  # replaces the first dialog
    assert not dialog.isVisible()
    assert sorted(panel.confusion.examples_dialog.gallery.sample_indices()) == sorted(
        np.flatnonzero((y == t) & (pred == t)).tolist())
    panel.clear()
    assert panel.confusion.examples_dialog is None


def test_metrics_and_worst_mistakes_follow_the_predictions(panel, trained):
    model, splits = trained
    x, y = splits.val
    pred, probs = reference_predictions(model, x)
    table = panel.confusion.table
    for c in range(10):
        truly, predicted = y == c, pred == c
        recall = (truly & predicted).sum() / truly.sum()
        precision = (truly & predicted).sum() / max(1, predicted.sum())
        assert table.item(c, 1).text() == f"{precision:.2f}"
        assert table.item(c, 2).text() == f"{recall:.2f}"
    assert f"{100 * (pred == y).mean():.1f}%" in panel.confusion.accuracy_label.text()

    worst = panel.mistakes.gallery.sample_indices()
    assert worst and all(pred[i] != y[i] for i in worst)
    wrong = np.flatnonzero(pred != y)
    assert worst[0] == wrong[np.argmax(probs[wrong, pred[wrong]])]

    panel.confusion.show_split("test")
    assert panel.confusion.data.key == "test"
    assert panel.confusion.matrix_view.matrix.sum() == len(splits.test[1])


def _drag(widget, points):
    """A real left-button drag through the widget's mouse handlers."""
    def send(kind, point, buttons):
        pos = QPointF(*point)
        event = QMouseEvent(kind, pos, widget.mapToGlobal(pos), Qt.MouseButton.LeftButton if kind !=
                            QEvent.Type.MouseMove else Qt.MouseButton.NoButton, buttons,
                            Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(widget, event)

    held = Qt.MouseButton.LeftButton
    send(QEvent.Type.MouseButtonPress, points[0], held)
    for point in points[1:]:
        send(QEvent.Type.MouseMove, point, held)
    send(QEvent.Type.MouseButtonRelease, points[-1], Qt.MouseButton.NoButton)


def test_drawing_on_the_pad_changes_the_predicted_probabilities(panel, qtbot):
    tab = panel.predict
    panel.tabs.setCurrentWidget(tab)
    assert tab.probabilities is None and tab.pad.isEnabled()
    _drag(tab.pad, [(112, 30), (112, 110), (112, 190)])  # a "1"
    qtbot.waitUntil(lambda: tab.probabilities is not None, timeout=5000)
    first = tab.probabilities.copy()
    assert tab.bars.predictions[0].probability == pytest.approx(first.max())
    assert tab.saliency is not None and tab.saliency.shape == (8, 8) and tab.saliency.max() == pytest.approx(1)
    assert tab.maps and tab.maps_label.pixmap() is not None and not tab.maps_label.pixmap().isNull()

    _drag(tab.pad, [(40, 40), (190, 40), (60, 190), (190, 190)])  # turn it into a "Z"
    qtbot.waitUntil(lambda: not np.allclose(tab.probabilities, first), timeout=5000)

    tab.fool()
    assert tab.fool_label.pixmap() is not None and tab.fool_text.text()

    tab.pad.clear()
    qtbot.waitUntil(lambda: tab.probabilities is None, timeout=5000)
    assert tab.bars.predictions == []


def test_a_dropped_or_opened_image_file_is_predicted(panel, tmp_path):
    from PIL import Image

    path = tmp_path / "seven.png"
    ink = np.zeros((40, 40), dtype=np.uint8)
    ink[6:10, 8:32] = 255
    ink[10:34, 26:30] = 255
    Image.fromarray(ink).save(path)
    panel.predict.open_image(path)
    assert panel.predict.probabilities is not None
    assert "seven.png" in panel.predict.answer.text()
    panel.predict.open_image(tmp_path / "missing.png")
    assert "No image file" in panel.predict.answer.text()


def test_filter_visualisation_produces_an_image_without_leaking_its_thread(panel, qtbot):
    tab = panel.filters
    assert [tab.layer_box.itemText(i) for i in range(tab.layer_box.count())] == ["conv2d_1", "conv2d_2"]
    tab.layer_box.setCurrentIndex(1)
    tab.steps_box.setValue(10)
    with qtbot.waitSignal(tab.visualized, timeout=30000):
        tab.visualize()
    assert [r.channel for r in tab.results] == [0, 1, 2, 3]
    assert tab.mosaic.count == 4
    assert tab.image_label.pixmap() is not None and not tab.image_label.pixmap().isNull()
    assert sum(r.gain > 0 for r in tab.results) >= 3, "gradient ascent should raise most responses"
    assert not any(np.allclose(r.image, r.image.mean()) for r in tab.results)

    tab.visualize()  # a new source while it runs cancels and joins the worker
    assert tab.is_busy() or tab.results
    panel.clear()
    assert tab.job is None and tab.layer_box.count() == 0
