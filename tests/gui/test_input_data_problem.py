"""A network whose Input cannot take the dataset's samples is listed in the Problems panel and
blocks Train while editing, not only when Start is refused; fixing the data or shape clears it."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from playground.data import sample_shape  # noqa: E402
from playground.gui.commands import ReplaceSpecCommand, SetParamCommand  # noqa: E402
from playground.network.templates import make_template  # noqa: E402


def listed(window) -> list[str]:
    return [window.problems.item(i).text() for i in range(window.problems.count())]


def shape_problems(window) -> list[str]:
    return [t for t in listed(window) if "set the Input shape" in t]


def test_sample_shapes_of_named_datasets_follow_their_options_and_paths_stay_unknown(tmp_path):
    assert sample_shape("digits") == (8, 8, 1)
    assert sample_shape("digits", {"size": 28}) == (28, 28, 1)
    assert sample_shape("mnist") == (28, 28, 1)  # known without downloading
    assert sample_shape(str(tmp_path)) is None and sample_shape(None) is None


def test_mismatching_input_is_listed_blocks_train_and_goes_when_fixed(window, qtbot):
    assert window.model.dataset == "digits" and shape_problems(window) == []
    spec = make_template("small_cnn", (28, 28, 1), 10)
    window.undo_stack.push(ReplaceSpecCommand(window.model, spec, "Apply template small_cnn"))

    qtbot.waitUntil(lambda: len(shape_problems(window)) == 1, timeout=2000)
    [text] = shape_problems(window)
    assert "28×28×1" in text and "'digits' has 8×8×1 images" in text
    assert not window.actions.train.isEnabled() and "Train disabled" in window.train_label.text()
    window.problems.grab().save("/tmp/input_data_problem.png")

    window.set_dataset("digits", (8, 8, 1), 10)  # choosing the dataset again sets the Input for you
    qtbot.waitUntil(lambda: shape_problems(window) == [], timeout=2000)
    assert window.model.analysis.ok and window.actions.train.isEnabled()

    window.undo_stack.undo()
    qtbot.waitUntil(lambda: len(shape_problems(window)) == 1, timeout=2000)
    window.set_dataset("digits", None, 10, {"size": 28})  # or resize the data to the Input
    qtbot.waitUntil(lambda: shape_problems(window) == [], timeout=2000)

    window.undo_stack.undo()
    qtbot.waitUntil(lambda: len(shape_problems(window)) == 1, timeout=2000)
    input_id = window.model.spec.input_nodes()[0].id
    window.undo_stack.push(SetParamCommand(window.model, input_id, "shape", (8, 8, 1)))  # or edit the shape
    qtbot.waitUntil(lambda: shape_problems(window) == [], timeout=2000)
    assert window.actions.train.isEnabled() and "Ready to train" in window.train_label.text()
