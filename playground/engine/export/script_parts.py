"""The fixed parts of a generated script: data loading, training, prediction and the command line.

They are plain source text with no project values in them (those live in the script's
DATA/TRAINING constants), so they are the same for every export and are tested once.
"""

DATA_SOURCE = '''\
def load_data(source, model):
    """Images N×H×W×C as float32 in 0..1 and integer labels, loaded the way the app loads them.

    source: a dataset name ("digits", "shapes", "mnist", ...), a folder with one sub-folder of
    images per class, or a .npz file (arrays x and y). With Keras Playground installed its own
    loaders are used, so the data is exactly the app's; without it, .npz files, image folders,
    "digits" (scikit-learn), the Keras datasets and "random" (a smoke test) still work.
    """
    try:
        from playground.data import load_dataset
    except ImportError:
        load_dataset = None
    if load_dataset is not None and source != "random":
        dataset = load_dataset(source, **(DATA["options"] if source == DATA["dataset"] else {}))
        return dataset.x, dataset.y
    if source == "random":
        rng = np.random.default_rng(0)
        classes = max(2, model.outputs[0].shape[-1])
        return rng.random((256, *INPUT_SHAPE), dtype=np.float32), rng.integers(0, classes, 256)
    if source.endswith(".npz"):
        with np.load(source, allow_pickle=False) as arrays:
            keys = ["x", "y"] if "x" in arrays and "y" in arrays else list(arrays.keys())[:2]
            return prepare(arrays[keys[0]]), arrays[keys[1]]
    if os.path.isdir(source):
        return load_image_folder(source)
    if source == "digits":
        from sklearn.datasets import load_digits

        digits = load_digits()
        return digits.images.astype(np.float32)[..., None] / 16.0, digits.target
    if source in ("mnist", "fashion_mnist", "cifar10", "cifar100"):
        (x_train, y_train), (x_test, y_test) = getattr(keras.datasets, source).load_data()
        x, y = np.concatenate([x_train, x_test]), np.concatenate([y_train.reshape(-1), y_test.reshape(-1)])
        return prepare(x), y
    raise SystemExit(f"Unknown dataset {source!r}: give a .npz file, a folder of class folders or 'random'")


def load_image_folder(folder):
    """Images sized to the network's input, labelled by sub-folder in alphabetical order."""
    color_mode = {1: "grayscale", 3: "rgb", 4: "rgba"}[INPUT_SHAPE[-1]]
    dataset = keras.utils.image_dataset_from_directory(
        folder, image_size=INPUT_SHAPE[:2], color_mode=color_mode, batch_size=None, shuffle=False
    )
    pairs = list(dataset.as_numpy_iterator())
    return np.stack([p[0] for p in pairs]) / 255.0, np.array([p[1] for p in pairs])


def prepare(x):
    """float32 inputs; 8-bit images scaled to 0..1; a channel axis added to grey images."""
    x = np.asarray(x)
    x = x.astype(np.float32) / (255.0 if x.dtype == np.uint8 else 1.0)
    if x.ndim == len(INPUT_SHAPE):
        x = x[..., None]
    return x


def class_counts(n, ratios):
    """How many of a class's n samples go to train, val and test (largest remainder)."""
    exact = [n * r for r in ratios]
    counts = [int(np.floor(e)) for e in exact]
    for i in sorted(range(3), key=lambda i: exact[i] - counts[i], reverse=True)[: n - sum(counts)]:
        counts[i] += 1
    wanted = [i for i in range(3) if ratios[i] > 0]
    if n >= len(wanted):
        for i in wanted:
            if counts[i] == 0:
                donor = max(range(3), key=lambda j: counts[j])
                counts[donor] -= 1
                counts[i] += 1
    return counts


def split(x, y, ratios, seed):
    """Stratified, seeded train/val/test split: the same one the app makes."""
    y = np.asarray(y, dtype=np.int64).reshape(-1)
    rng = np.random.default_rng(seed)
    parts = [[], [], []]
    for label in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == label))
        bounds = np.cumsum(class_counts(len(members), ratios))
        for i, chunk in enumerate(np.split(members, bounds[:2])):
            parts[i].append(chunk)
    pairs = []
    for chunks in parts:
        index = rng.permutation(np.concatenate(chunks)) if chunks else np.zeros(0, dtype=np.int64)
        pairs.append((x[index], y[index]))
    return pairs
'''

MAIN_SOURCE = '''\
def train(model, source, epochs, batch_size):
    """Compile with the project's settings, fit on the training part, evaluate on the test part."""
    x, y = load_data(source, model)
    (x_train, y_train), (x_val, y_val), (x_test, y_test) = split(x, y, DATA["ratios"], DATA["seed"])
    validation = (x_val, y_val) if len(x_val) else None
    steps = max(1, int(np.ceil(len(x_train) / batch_size)))
    model.compile(optimizer=make_optimizer(steps, epochs), loss=make_loss(), metrics=["accuracy"])
    augment = make_augmentation()
    if augment is None:
        model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, validation_data=validation)
    elif keras.backend.backend() != "tensorflow":  # JAX/torch layers cannot run inside tf.data
        batches = AugmentedBatches(x_train, y_train, batch_size, augment, DATA["seed"])
        model.fit(batches, epochs=epochs, validation_data=validation)
    else:
        import tensorflow as tf

        batches = tf.data.Dataset.from_tensor_slices((x_train, y_train))
        batches = batches.shuffle(len(x_train), seed=DATA["seed"]).batch(batch_size)
        batches = batches.map(lambda images, targets: (augment(images, training=True), targets))
        model.fit(batches, epochs=epochs, validation_data=validation)
    if len(x_test):
        model.evaluate(x_test, y_test, batch_size=batch_size)


class AugmentedBatches(keras.utils.PyDataset):
    """Shuffled training batches, augmented eagerly: how non-TensorFlow backends augment."""

    def __init__(self, x, y, batch_size, augment, seed):
        super().__init__()
        self.x, self.y, self.batch_size, self.augment = x, y, batch_size, augment
        self.rng = np.random.default_rng(seed)
        self.order = self.rng.permutation(len(x))

    def __len__(self):
        return int(np.ceil(len(self.x) / self.batch_size))

    def __getitem__(self, index):
        rows = self.order[index * self.batch_size:(index + 1) * self.batch_size]
        images = self.augment(self.x[rows], training=True)
        return keras.ops.convert_to_numpy(images), self.y[rows]

    def on_epoch_end(self):
        self.order = self.rng.permutation(len(self.x))


def predict(model, inputs_path, out_path):
    """Predict on inputs saved with NumPy (.npy, or .npz keyed by input name)."""
    if inputs_path.endswith(".npz"):
        with np.load(inputs_path, allow_pickle=False) as arrays:
            inputs = [arrays[tensor.name] for tensor in model.inputs]
    else:
        inputs = [np.load(inputs_path, allow_pickle=False)]
    outputs = model.predict(inputs[0] if len(inputs) == 1 else inputs, verbose=0)
    outputs = outputs if isinstance(outputs, list) else [outputs]
    if out_path is None:
        for output in outputs:
            print(output)
    elif len(outputs) == 1:
        np.save(out_path, outputs[0])
    else:
        np.savez(out_path, **{f"output_{i}": output for i, output in enumerate(outputs)})


def join_processes(coordinator, processes, process_id):
    """Train data parallel with the other processes, each on every device it has. JAX only:
    Keras 3 with TensorFlow's multi-worker strategy fails (keras-team/keras#20585). Every
    process feeds the same seeded batches, so the gradients they average are the global ones."""
    if keras.backend.backend() != "jax" or not coordinator:
        raise SystemExit("--processes needs KERAS_BACKEND=jax and --coordinator HOST:PORT (process 0's address)")
    import jax

    try:
        jax.config.update("jax_cpu_collectives_implementation", "gloo")  # CPU processes talk through gloo
    except (AttributeError, ValueError):
        pass
    keras.distribution.initialize(coordinator, processes, process_id)
    keras.distribution.set_distribution(
        keras.distribution.DataParallel(devices=jax.devices(), auto_shard_dataset=False))


def main(argv=None):
    parser = argparse.ArgumentParser(description=f"Train or run the network of project {PROJECT!r}.")
    parser.add_argument("--data", default=DATA["dataset"], help="dataset name, .npz file or image folder")
    parser.add_argument("--epochs", type=int, default=TRAINING["epochs"])
    parser.add_argument("--batch-size", type=int, default=TRAINING["batch_size"])
    parser.add_argument("--weights", help="start from these weights (.weights.h5 or .keras)")
    parser.add_argument("--predict", help="inputs (.npy or .npz) to predict on instead of training")
    parser.add_argument("--out", help="where to save the predictions or the trained model (.keras)")
    parser.add_argument("--processes", type=int, default=1, help="processes training together (JAX backend)")
    parser.add_argument("--process-id", type=int, default=0, help="this process: 0..processes-1")
    parser.add_argument("--coordinator", help="HOST:PORT where process 0 listens")
    args = parser.parse_args(argv)
    if args.processes > 1:
        join_processes(args.coordinator, args.processes, args.process_id)
    if TRAINING.get("seed") is not None:
        keras.utils.set_random_seed(int(TRAINING["seed"]))
    model = build_model()
    if args.weights:
        model.load_weights(args.weights)
    if args.predict:
        predict(model, args.predict, args.out)
        return
    if len(model.inputs) > 1:
        raise SystemExit("This network has several inputs: train it with your own data pipeline.")
    model.summary()
    train(model, args.data, args.epochs, args.batch_size)
    out = args.out or "trained.keras"
    model.save(out)
    print(f"Saved the trained model to {out}")


if __name__ == "__main__":
    main()
'''
