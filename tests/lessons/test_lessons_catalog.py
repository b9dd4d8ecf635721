"""The lesson table and its files: every lesson has its projects and text under resources, the
stored projects are exactly what playground.lessons.projects builds, and the glossary is complete."""

import pytest

from playground.lessons import GLOSSARY, LESSONS, get_lesson
from playground.lessons.measures import orientation_coherence, relative_drift
from playground.lessons.projects import build_all
from playground.project import Project


def test_at_least_the_twelve_lessons_numbered_in_order():
    assert [lesson.number for lesson in LESSONS] == list(range(1, len(LESSONS) + 1))
    assert len(LESSONS) >= 12
    with pytest.raises(KeyError, match="numbered 1 to"):
        get_lesson(99)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.key)
def test_each_lesson_has_text_and_a_project_per_variant(lesson):
    text = lesson.text()
    assert "Look for" in text and "<p>" in text
    for variant in lesson.variants:
        project = lesson.project(variant.key)
        assert isinstance(project, Project)
        assert project.name.startswith(f"Lesson {lesson.number}")


def test_stored_projects_equal_the_generator():
    built = build_all()
    stored = {lesson.folder.name: {v.key: lesson.project(v.key) for v in lesson.variants} for lesson in LESSONS}
    assert set(built) == set(stored)
    for folder, variants in built.items():
        assert set(variants) == set(stored[folder]), folder
        for key, project in variants.items():
            assert project.to_dict() == stored[folder][key].to_dict(), f"{folder}/{key}: run python -m " \
                "playground.lessons.projects"


def test_training_lessons_train_on_embedded_data_only():
    for lesson in LESSONS:
        for variant in lesson.variants:
            if variant.train:
                assert lesson.project(variant.key).data.dataset in ("digits", "strokes", "shapes")


def test_glossary_covers_the_issue_terms_with_a_place_in_the_app():
    names = {t.name for t in GLOSSARY}
    for term in ("neuron", "weight", "bias", "activation", "kernel / filter", "feature map", "channel",
                 "padding", "stride", "dilation", "receptive field", "pooling", "global average pooling",
                 "dense layer", "batch norm", "dropout", "residual connection", "inception", "1×1 convolution",
                 "loss", "learning rate", "batch", "epoch", "overfitting", "augmentation"):
        assert term in names
    for t in GLOSSARY:
        assert t.link.startswith("playground:") and t.where and t.link_text


def test_measures_tell_an_edge_detector_from_noise():
    import numpy as np

    from playground.engine.fixed_kernels import SOBEL_X

    rng = np.random.default_rng(0)
    noise = np.mean([orientation_coherence(rng.normal(size=(5, 5))) for _ in range(50)])
    assert orientation_coherence(SOBEL_X) > noise + 0.3
    assert relative_drift(SOBEL_X, SOBEL_X) == 0.0
