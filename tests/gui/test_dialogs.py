"""The dataset chooser and the template gallery, and what choosing in them does to the network."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


from playground.data import list_datasets  # noqa: E402
from playground.gui.dataset_dialog import DatasetDialog  # noqa: E402
from playground.gui.main_window import MainWindow  # noqa: E402
from playground.gui.template_dialog import TemplateDialog  # noqa: E402
from playground.network.templates import make_template  # noqa: E402


def input_shape(w: MainWindow):
    return tuple(w.model.spec.input_nodes()[0].params["shape"])


def test_dataset_dialog_previews_samples_and_class_counts(qtbot):
    dialog = DatasetDialog(None, current="digits")
    qtbot.addWidget(dialog)
    assert dialog.name() == "digits"
    assert dialog.list.count() == len(list_datasets())
    pixmap = dialog.preview.pixmap()
    assert pixmap is not None and not pixmap.isNull() and pixmap.height() >= 10 * 40
    assert "Images per class" in dialog.counts.text() and "178" in dialog.counts.text()
    dialog.select("shapes")
    name, shape, classes, options = dialog.choice()
    assert (name, len(shape), options) == ("shapes", 3, {})
    assert f"{classes} classes" in dialog.about.text()


def test_choosing_a_dataset_updates_input_shape_and_classes_undoably(window, monkeypatch):
    before = window.model.spec.to_dict()

    def pick_shapes(dialog):
        dialog.select("shapes")
        return 1

    monkeypatch.setattr(DatasetDialog, "exec", pick_shapes)
    window.actions.dataset.trigger()
    shapes = next(i for i in list_datasets() if i.name == "shapes")
    assert window.model.dataset == "shapes"
    assert input_shape(window) == tuple(shapes.input_shape)
    out = window.model.spec.node(window.model.spec.output_ids()[0])
    assert out.params["units"] == shapes.num_classes == window.model.num_classes
    assert window.model.analysis.ok and window.actions.train.isEnabled()
    assert "shapes" in window.dataset_label.text()
    window.actions.undo.trigger()
    assert window.model.spec.to_dict() == before and window.model.dataset == "digits"
    assert window.document.current_project().data.dataset == "digits"
    window.actions.redo.trigger()
    assert window.document.current_project().data.dataset == "shapes"


def test_new_project_from_the_template_gallery(window, monkeypatch):
    def pick(dialog):
        dialog.select_template("tiny_vgg")
        dialog.dataset.setCurrentIndex(dialog.dataset.findData("shapes"))
        return 1

    monkeypatch.setattr(TemplateDialog, "exec", pick)
    window.actions.new.trigger()
    shapes = next(i for i in list_datasets() if i.name == "shapes")
    expected = make_template("tiny_vgg", shapes.input_shape, shapes.num_classes)
    assert [n.id for n in window.model.spec.nodes] == [n.id for n in expected.nodes]
    assert window.model.dataset == "shapes" and window.document.name == "tiny_vgg"
    assert window.undo_stack.count() == 0 and not window.isWindowModified()
    assert window.model.analysis.ok


def test_template_gallery_says_what_the_network_would_be(qtbot):
    dialog = TemplateDialog(None, for_new_project=False)
    qtbot.addWidget(dialog)
    dialog.select_template("resnet50")
    dialog.shape.set_value((224, 224, 3))
    dialog.classes.setValue(1000)
    dialog._update_verdict()
    assert "25.6 M" in dialog.verdict.text()
    dialog.select_template("vgg16")
    dialog.shape.set_value((8, 8, 1))  # five 2×2 poolings cannot shrink 8×8
    dialog._update_verdict()
    assert "On this input" in dialog.verdict.text()


def test_applying_a_template_is_one_undo_step(window, monkeypatch):
    before = window.model.spec.to_dict()

    def pick(dialog):
        dialog.select_template("lenet5")
        dialog.shape.set_value((28, 28, 1))
        return 1

    monkeypatch.setattr(TemplateDialog, "exec", pick)
    window.actions.template.trigger()
    assert [n.kind for n in window.model.spec.nodes] == [n.kind for n in make_template("lenet5").nodes]
    assert window.model.dataset == "digits"
    window.actions.undo.trigger()
    assert window.model.spec.to_dict() == before
