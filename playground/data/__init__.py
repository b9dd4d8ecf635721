"""Datasets for the playground: embedded (offline), downloaded once (Keras cache), the user's own.

Public API:
    load_dataset(name_or_path, **options) -> Dataset      one entry point
    list_datasets() -> list[DatasetInfo]                  listing without loading
    sample_shape(name, options) -> shape | None           one sample's shape, without loading
    load_folder / load_npz / load_csv                     the user's own data
    DataConfig, AugmentationConfig                        the data half of a project file
    split(dataset, ratios, seed) -> Splits                stratified, seeded
    build_augmentation(config) -> keras.Sequential | None
    make_tf_dataset(x, y, batch_size, shuffle, seed, augment, repeat)  (playground.data.pipeline)

Importing this package loads numpy only: Keras, TensorFlow, scikit-learn and PIL are imported
inside the functions that need them, so listing datasets never waits for them.
"""

from playground.data.augment import build_augmentation
from playground.data.config import AugmentationConfig, DataConfig, DataConfigError, validate_ratios
from playground.data.dataset import Dataset, DatasetError, DatasetInfo, DatasetUnavailable, LoadReport
from playground.data.downloads import is_cached, keras_home
from playground.data.pipeline import make_tf_dataset, steps_per_epoch
from playground.data.registry import dataset_info, known_names, list_datasets, load_dataset, sample_shape
from playground.data.split import Splits, split
from playground.data.userfiles import load_csv, load_folder, load_npz

__all__ = [
    "AugmentationConfig",
    "DataConfig",
    "DataConfigError",
    "Dataset",
    "DatasetError",
    "DatasetInfo",
    "DatasetUnavailable",
    "LoadReport",
    "Splits",
    "build_augmentation",
    "dataset_info",
    "is_cached",
    "keras_home",
    "known_names",
    "list_datasets",
    "sample_shape",
    "load_csv",
    "load_dataset",
    "load_folder",
    "load_npz",
    "make_tf_dataset",
    "split",
    "steps_per_epoch",
    "validate_ratios",
]
