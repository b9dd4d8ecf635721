"""The promise of the defaults: the default project passes 97% test accuracy within 30 epochs
on a CPU (it takes about 10 epochs and a few seconds)."""

from playground.project import default_project
from playground.training import events as ev
from playground.training.session import TrainingSession


def test_default_project_reaches_97_percent_on_digits():
    project = default_project()
    assert project.training.epochs <= 30
    epochs = []
    result = TrainingSession(project, lambda e: isinstance(e, ev.EpochEnd) and epochs.append(e),
                             snapshot_interval=None).run()
    assert result.ok, result.message
    assert result.test["accuracy"] >= 0.97, result
    assert len(epochs) <= 30
