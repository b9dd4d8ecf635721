"""Lessons in the window: the menu opens a lesson's project with its text beside the canvas, the
variant buttons switch projects, and Help > Glossary lists every term with a link that goes there."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402

from playground.lessons import GLOSSARY, LESSONS, get_lesson  # noqa: E402


def menu_titles(w) -> list[str]:
    return [a.text().replace("&", "") for a in w.menuBar().actions()]


def test_lessons_menu_lists_every_lesson_before_help(window):
    titles = menu_titles(window)
    assert "Lessons" in titles and "Help" in titles
    assert titles.index("Lessons") < titles.index("Help")
    actions = window.lessons.menu.actions()
    assert len(actions) == len(LESSONS) >= 12
    assert all(str(lesson.number) in a.text() for lesson, a in zip(LESSONS, actions))


def test_opening_a_lesson_loads_its_project_and_shows_its_text(window, qtbot):
    lesson = get_lesson(1)
    window.lessons.menu.actions()[0].trigger()
    assert window.model.spec.has_node("sobel")
    assert window.model.spec.node("sobel").params["fixed_kernel"] == "sobel_x"
    assert window.model.spec.node("sobel").params["trainable"] is False
    assert window.model.dataset == "strokes"
    assert window.document.name == lesson.project("frozen").name
    panel = window.lessons.panel
    qtbot.waitUntil(window.lessons.dock.isVisible, timeout=2000)
    assert "Sobel" in panel.title.text() and "vertical" in panel.text.toPlainText()
    assert [b.text() for b in panel.variant_buttons()][:2] == ["Frozen Sobel-x", "Unfrozen: watch it drift"]
    assert panel.variant_buttons()[0].isChecked()


def test_variant_button_switches_to_that_project(window, qtbot):
    assert window.lessons.open_lesson(4)
    button = window.lessons.panel.findChild(type(window.lessons.panel.variant_buttons()[0]), "variant_strided")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.model.spec.node("down").kind == "Conv2D"
    assert window.model.spec.node("down").params["strides"] == (2, 2)
    assert window.lessons.panel.findChild(type(button), "variant_strided").isChecked()


def test_no_lesson_replaces_the_network_while_a_run_trains_it(window, monkeypatch):
    before = window.model.spec.to_dict()
    monkeypatch.setattr(window.training, "is_running", lambda: True)
    assert not window.lessons.open_lesson(1)
    assert window.model.spec.to_dict() == before
    assert "stop it" in window.statusBar().currentMessage()


def test_analysis_lesson_shows_its_numbers_in_the_summary(window):
    assert window.lessons.open_lesson(3, "valid_stride2")
    assert tuple(window.model.analysis.nodes["conv"].shape) == (15, 15, 10)
    assert window.model.analysis.nodes["conv"].params == 280


def test_glossary_lists_every_term_and_links_to_the_app(window, qtbot):
    glossary = next(a for a in window.menuBar().actions() if a.text().replace("&", "") == "Help").menu()
    action = next(a for a in glossary.actions() if a.text().replace("&", "") == "Glossary")
    action.trigger()
    dialog = window.lessons.glossary_dialog
    qtbot.waitExposed(dialog)
    text = dialog.browser.toPlainText()
    for term in GLOSSARY:
        assert term.name in text
    required = ("neuron", "weight", "bias", "activation", "kernel / filter", "feature map", "channel", "padding",
                "stride", "dilation", "receptive field", "pooling", "global average pooling", "dense layer",
                "batch norm", "dropout", "residual connection", "inception", "1×1 convolution", "loss",
                "learning rate", "batch", "epoch", "overfitting", "augmentation")
    assert set(required) <= {t.name for t in GLOSSARY}
    dialog.filter.setText("dilation")
    assert "receptive field grows" in dialog.browser.toPlainText()
    assert "overfitting" not in dialog.browser.toPlainText().lower()
    # a link focuses the place: a layer kind in the palette, a lesson
    dialog.linkActivated.emit("playground:kind/Conv2D")
    assert window.palette.tree.currentItem() is window.palette.item_for("Conv2D")
    dialog.linkActivated.emit("playground:lesson/8")
    assert window.model.spec.has_node("block1_add") or window.model.spec.has_node("block1_conv1")
    assert window.lessons.panel.lesson.number == 8


def test_every_glossary_link_goes_somewhere(window, monkeypatch):
    followed = []
    monkeypatch.setattr(window.lessons, "open_lesson", lambda n, v=None: followed.append(n) or True)
    for action in ("train", "dataset"):
        monkeypatch.setattr(getattr(window.actions, action), "trigger", lambda a=action: followed.append(a))
    for term in GLOSSARY:
        assert window.lessons.follow_link(term.link), term.link
