"""Palette, inspector, summary and problems panels."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QUndoStack  # noqa: E402
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QSpinBox  # noqa: E402

from playground.gui.inspector import Inspector  # noqa: E402
from playground.gui.palette import Palette  # noqa: E402
from playground.gui.param_editors import IntsEditor  # noqa: E402
from playground.gui.problems_panel import ProblemsPanel  # noqa: E402
from playground.gui.spec_model import SpecModel  # noqa: E402
from playground.gui.summary_panel import SummaryPanel  # noqa: E402
from playground.gui.view import KIND_MIME  # noqa: E402
from playground.network.catalog import CATEGORIES, all_kinds, get_kind  # noqa: E402
from playground.network.spec import chain  # noqa: E402


def conv_model() -> SpecModel:
    spec = chain([("Input", {"shape": (28, 28, 1)}), ("Conv2D", {"filters": 8}), ("Dropout", {}),
                  ("Flatten", {}), ("Dense", {"units": 10, "activation": "softmax"})])
    return SpecModel(spec, "digits", 10, dataset_options={"size": 28})


def test_palette_groups_every_kind_by_category_with_explanations(qtbot):
    palette = Palette()
    qtbot.addWidget(palette)
    heads = [palette.tree.topLevelItem(i).text(0).lower() for i in range(palette.tree.topLevelItemCount())]
    assert heads == [c for c in CATEGORIES if any(k.category == c for k in all_kinds())]
    for kind in all_kinds():
        assert kind.explanation[:40] in palette.item_for(kind.key).toolTip(0).replace("&#x27;", "'")
    mime = palette.tree.mimeData([palette.item_for("Conv2D")])
    assert bytes(mime.data(KIND_MIME)).decode() == "Conv2D"


def test_palette_filter_hides_what_does_not_match(qtbot):
    palette = Palette()
    qtbot.addWidget(palette)
    qtbot.keyClicks(palette.filter, "pool")
    shown = [k.key for k in all_kinds() if not palette.item_for(k.key).isHidden()]
    assert shown and all("Pool" in k for k in shown)
    conv_head = palette.item_for("Conv2D").parent()
    assert conv_head.isHidden()
    palette.filter.clear()
    assert not palette.item_for("Conv2D").isHidden()


def test_palette_double_click_asks_to_append(qtbot):
    palette = Palette()
    qtbot.addWidget(palette)
    palette.show()
    qtbot.waitExposed(palette)
    item = palette.item_for("Dense")
    palette.tree.scrollToItem(item)
    rect = palette.tree.visualItemRect(item)
    with qtbot.waitSignal(palette.kindActivated) as blocker:
        # a real double-click is press, release, double-click: the view checks the pressed item
        qtbot.mouseClick(palette.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(palette.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["Dense"]


def test_inspector_offers_a_proper_editor_per_parameter_type(qtbot):
    model = conv_model()
    inspector = Inspector(model, QUndoStack())
    qtbot.addWidget(inspector)
    inspector.show_node("conv2d_1")
    ed = inspector.editors
    assert isinstance(ed["filters"].box, QSpinBox)
    assert (ed["filters"].box.minimum(), ed["filters"].box.maximum()) == (1, 8192)
    assert isinstance(ed["kernel_size"], IntsEditor) and len(ed["kernel_size"].boxes) == 2
    assert isinstance(ed["padding"].box, QComboBox)
    assert isinstance(ed["use_bias"].box, QCheckBox)
    labels = [ed["fixed_kernel"].box.itemText(i) for i in range(ed["fixed_kernel"].box.count())]
    assert "Sobel-x (vertical edges)" in labels
    assert get_kind("Conv2D").explanation[:30] in inspector.about.text()
    numbers = inspector.numbers.text()
    assert "⌊" in numbers and "80" in numbers  # (3·3·1 + 1)·8 = 80 parameters
    inspector.show_node("dropout_1")
    assert isinstance(inspector.editors["rate"].box, QDoubleSpinBox)
    inspector.show_node("input_1")
    shape = inspector.editors["shape"]
    assert len(shape.boxes) == 3 and shape.fewer.isEnabled() and not shape.more.isEnabled()


def test_inspector_edit_is_an_undo_step_and_updates_the_numbers(qtbot):
    model, stack = conv_model(), QUndoStack()
    inspector = Inspector(model, stack)
    qtbot.addWidget(inspector)
    inspector.show_node("conv2d_1")
    inspector.editors["filters"].box.setValue(16)
    assert model.spec.node("conv2d_1").params["filters"] == 16 and stack.count() == 1
    assert "160" in inspector.numbers.text()
    inspector.editors["kernel_size"].boxes[0].setValue(5)
    assert model.spec.node("conv2d_1").params["kernel_size"] == (5, 3)
    stack.undo()
    assert inspector.editors["kernel_size"].value() == (3, 3)


def test_inspector_rejects_an_invalid_value_with_its_reason(qtbot):
    model, stack = conv_model(), QUndoStack()
    inspector = Inspector(model, stack)
    qtbot.addWidget(inspector)
    inspector.show()
    inspector.show_node("dropout_1")
    inspector.editors["rate"].box.setValue(1.0)  # the spin box allows 1.0; the spec says below 1
    assert not inspector.rejected.isHidden()
    assert "below 1" in inspector.rejected.text()
    assert model.spec.node("dropout_1").params["rate"] == 0.5 and stack.count() == 0
    assert inspector.editors["rate"].value() == 0.5


def test_summary_totals_and_parameter_bars(qtbot):
    model = conv_model()
    panel = SummaryPanel(model)
    qtbot.addWidget(panel)
    assert f"{model.analysis.total_params:,}" in panel.params.text()
    assert [r[0] for r in panel.bars.rows] == ["conv2d_1", "dense_1"]
    before = panel.memory.text()
    panel.batch.setValue(1024)
    assert panel.memory.text() != before
    panel.show()
    panel.bars.repaint()


def test_problems_panel_lists_problems_and_names_their_node(qtbot):
    model = conv_model()
    panel = ProblemsPanel(model)
    qtbot.addWidget(panel)
    assert panel.count() == 1 and "No problems" in panel.item(0).text()
    from playground.gui.commands import SetParamCommand

    QUndoStack().push(SetParamCommand(model, "dense_1", "units", 3))
    texts = [panel.item(i).text() for i in range(panel.count())]
    assert any("dense_1" in t and "10 classes" in t for t in texts)
    with qtbot.waitSignal(panel.nodeClicked) as blocker:
        panel.itemClicked.emit(panel.item(0))
    assert blocker.args == ["dense_1"]
