"""Importing .keras/.h5 models: catalog layers become a spec, everything else is refused unloaded."""

import numpy as np
import pytest

from playground.engine import analyze, build_model
from playground.engine.export import clients, export_network
from playground.engine.importer import (
    DamagedModelFile,
    ImportRefused,
    ModelImportError,
    apply_weights,
    import_model,
    read_model_config,
)

keras = pytest.importorskip("keras")
layers = keras.layers


def functional_model():
    x = keras.Input((10, 9, 2), name="image")
    a = layers.Conv2D(4, 3, padding="same", activation="relu", name="branch-a")(x)
    b = layers.SeparableConv2D(4, (1, 3), padding="same", name="branch.b")(x)
    m = layers.Add(name="sum")([a, b])
    m = layers.BatchNormalization(name="bn")(m)
    c = layers.Concatenate(name="cat")([m, layers.DepthwiseConv2D(3, padding="same", name="dw")(m)])
    c = layers.ZeroPadding2D(1, name="pad")(c)
    c = layers.MaxPooling2D(2, name="pool")(c)
    c = layers.ReLU(name="relu_layer")(c)
    c = layers.GlobalAveragePooling2D(name="gap")(c)
    c = layers.Dropout(0.2, name="drop")(c)
    return keras.Model(x, layers.Dense(3, activation="softmax", name="out")(c), name="branchy")


def sequential_model():
    return keras.Sequential([
        keras.Input((12, 12, 1)),
        layers.Rescaling(1 / 255.0, name="scale"),
        layers.Conv2D(3, 3, strides=2, name="c1"),
        layers.AveragePooling2D(2, name="p1"),
        layers.Flatten(name="flat"),
        layers.Dense(5, activation="tanh", name="hidden"),
        layers.Dense(2, name="logits"),
    ], name="seq")


def randomise(model, seed=0):
    rng = np.random.default_rng(seed)
    for w in model.weights:
        value = rng.uniform(0.5, 1.5, w.shape) if "variance" in w.path else rng.normal(0, 0.3, w.shape)
        w.assign(value.astype(np.float32))
    return model


def same_outputs(original, spec, weights):
    rebuilt = build_model(spec)
    apply_weights(rebuilt, weights)
    x = clients.sample_inputs(original, seed=4)
    assert rebuilt.count_params() == original.count_params()
    return clients.max_abs_diff(clients.predict(original, x), clients.predict(rebuilt, x))


@pytest.mark.parametrize("make", [functional_model, sequential_model])
@pytest.mark.parametrize("suffix", [".keras", ".h5"])
def test_import_with_weights_computes_the_same(tmp_path, make, suffix):
    original = randomise(make())
    path = tmp_path / f"model{suffix}"
    original.save(str(path))
    before = sorted(p.name for p in tmp_path.iterdir())
    imported = import_model(path, with_weights=True)
    assert analyze(imported.spec).ok
    assert imported.max_abs_diff <= 1e-5
    assert same_outputs(original, imported.spec, imported.weights) <= 1e-5
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # import only reads
    ids = {n.id for n in imported.spec.nodes}
    assert all(i.isidentifier() for i in ids)


def test_branches_merge_order_and_kinds_survive(tmp_path):
    functional_model().save(str(tmp_path / "m.keras"))
    spec = import_model(tmp_path / "m.keras").spec
    kinds = {n.id: n.kind for n in spec.nodes}
    assert kinds["image"] == "Input" and kinds["relu_layer"] == "Activation"
    assert spec.inputs_of("sum") == ["branch_a", "branch_b"]
    assert spec.node("pad").params["padding"] == (1, 1)
    assert spec.node("branch_a").params["activation"] == "relu"
    assert spec.output_ids() == ["out"]
    assert len({n.pos for n in spec.nodes}) > 1  # laid out, not piled up


def test_import_then_export_gives_back_the_same_network(tmp_path):
    original = randomise(functional_model(), seed=2)
    original.save(str(tmp_path / "a.keras"))
    first = import_model(tmp_path / "a.keras", with_weights=True)
    model = build_model(first.spec)
    apply_weights(model, first.weights)
    export_network(first.spec, "keras", tmp_path / "b.keras", model=model)
    second = import_model(tmp_path / "b.keras", with_weights=True)
    assert [(n.id, n.kind, n.params) for n in second.spec.nodes] == [(n.id, n.kind, n.params) for n in first.spec.nodes]
    assert second.spec.edges == first.spec.edges
    assert same_outputs(original, second.spec, second.weights) <= 1e-5


def test_lambda_is_refused_before_keras_loads_anything(tmp_path, monkeypatch):
    x = keras.Input((4, 4, 1))
    y = layers.Lambda(lambda t: t * 2, name="doubler")(x)
    keras.Model(x, layers.Flatten()(y)).save(str(tmp_path / "lam.keras"))

    def never(*args, **kwargs):
        raise AssertionError("the file was loaded")

    monkeypatch.setattr(keras.saving, "load_model", never)
    with pytest.raises(ImportRefused, match="doubler: Lambda") as info:
        import_model(tmp_path / "lam.keras", with_weights=True)
    assert info.value.unsupported


def test_custom_objects_and_unknown_layers_are_listed(tmp_path):
    @keras.saving.register_keras_serializable(package="evil")
    class Sneaky(layers.Layer):
        def call(self, t):
            return t

    x = keras.Input((6, 6, 1))
    y = Sneaky(name="sneaky")(x)
    y = layers.Reshape((36, 1), name="reshape")(y)
    keras.Model(x, layers.Flatten(name="f")(y)).save(str(tmp_path / "custom.keras"))
    with pytest.raises(ImportRefused) as info:
        import_model(tmp_path / "custom.keras")
    assert any("evil>Sneaky" in item for item in info.value.unsupported)


def test_unsupported_settings_are_named(tmp_path):
    x = keras.Input((6, 6, 2))
    y = layers.Conv2D(2, 3, groups=2, name="grouped")(x)
    y = layers.BatchNormalization(center=False, name="bn")(y)
    keras.Model(x, layers.Flatten(name="f")(y)).save(str(tmp_path / "m.keras"))
    with pytest.raises(ImportRefused) as info:
        import_model(tmp_path / "m.keras")
    assert sorted(info.value.unsupported) == ["bn (BatchNormalization): center=False", "grouped (Conv2D): groups=2"]


def test_layers_outside_the_catalog_are_refused(tmp_path):
    x = keras.Input((6, 6, 1))
    y = layers.UpSampling2D(name="up")(x)
    keras.Model(x, layers.LSTM(2, name="lstm")(layers.Reshape((144, 1), name="r")(y))).save(str(tmp_path / "m.keras"))
    with pytest.raises(ImportRefused) as info:
        import_model(tmp_path / "m.keras")
    assert info.value.unsupported == ["LSTM (layer lstm)", "Reshape (layer r)", "UpSampling2D (layer up)"]


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty"])
@pytest.mark.parametrize("suffix", [".keras", ".h5"])
def test_damaged_files_say_what_to_do_and_change_nothing(tmp_path, damage, suffix):
    good = tmp_path / f"good{suffix}"
    sequential_model().save(str(good))
    data = good.read_bytes()
    bad = tmp_path / f"bad{suffix}"
    bad.write_bytes({"truncate": data[: len(data) // 2], "garbage": b"\x00not a model" * 50, "empty": b""}[damage])
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with pytest.raises(ModelImportError, match="save the model again"):
        import_model(bad, with_weights=True)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_truncated_weights_inside_a_valid_archive(tmp_path):
    import zipfile

    sequential_model().save(str(tmp_path / "good.keras"))
    with zipfile.ZipFile(tmp_path / "good.keras") as src, zipfile.ZipFile(tmp_path / "bad.keras", "w") as dst:
        for item in src.namelist():
            payload = src.read(item)
            dst.writestr(item, payload[:200] if item.endswith(".h5") else payload)
    with pytest.raises(DamagedModelFile, match="cannot be loaded"):
        import_model(tmp_path / "bad.keras", with_weights=True)


def test_weights_only_and_wrong_files(tmp_path):
    model = sequential_model()
    model.save_weights(str(tmp_path / "w.weights.h5"))
    with pytest.raises(ModelImportError, match="only weights"):
        import_model(tmp_path / "w.weights.h5")
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(ModelImportError, match=r"\.keras or \.h5"):
        import_model(tmp_path / "notes.txt")
    with pytest.raises(ModelImportError, match="no such file"):
        read_model_config(tmp_path / "missing.keras")


def test_unbuilt_and_flat_inputs_are_explained(tmp_path):
    keras.Sequential([keras.Input((4,)), layers.Dense(2)]).save(str(tmp_path / "flat.keras"))
    with pytest.raises(ImportRefused, match="images"):
        import_model(tmp_path / "flat.keras")


def test_regularisers_are_dropped_with_a_note(tmp_path):
    x = keras.Input((4, 4, 1))
    y = layers.Conv2D(2, 3, kernel_regularizer="l2", name="c")(x)
    keras.Model(x, y).save(str(tmp_path / "m.keras"))
    imported = import_model(tmp_path / "m.keras")
    assert any("kernel_regularizer dropped" in n for n in imported.notes)
    assert imported.weights is None
