"""Where Keras fetches each downloadable dataset from and where it caches it.

Mirrors keras/src/datasets/*.py (Keras 3): same URLs, same file names under
$KERAS_HOME/datasets, same SHA-256 hashes, so a file placed by hand is found by both.
"""

from __future__ import annotations

from dataclasses import dataclass

GOOGLE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
TORONTO = "https://www.cs.toronto.edu/~kriz/"


@dataclass(frozen=True)
class RemoteFile:
    url_name: str  # last part of the URL
    file_name: str  # name in the cache (Keras renames the CIFAR archives)
    sha256: str | None = None


@dataclass(frozen=True)
class RemoteSpec:
    name: str
    title: str
    base_url: str
    subdir: str
    files: tuple[RemoteFile, ...]
    input_shape: tuple[int, int, int]
    class_names: tuple[str, ...]
    extract_to: str = ""  # archive datasets: folder Keras extracts into
    inner_dir: str = ""  # the folder inside the archive
    description: str = ""


CIFAR100_FINE = tuple(
    "apple aquarium_fish baby bear beaver bed bee beetle bicycle bottle bowl boy bridge bus "
    "butterfly camel can castle caterpillar cattle chair chimpanzee clock cloud cockroach couch "
    "crab crocodile cup dinosaur dolphin elephant flatfish forest fox girl hamster house kangaroo "
    "keyboard lamp lawn_mower leopard lion lizard lobster man maple_tree motorcycle mountain mouse "
    "mushroom oak_tree orange orchid otter palm_tree pear pickup_truck pine_tree plain plate poppy "
    "porcupine possum rabbit raccoon ray road rocket rose sea seal shark shrew skunk skyscraper "
    "snail snake spider squirrel streetcar sunflower sweet_pepper table tank telephone television "
    "tiger tractor train trout tulip turtle wardrobe whale willow_tree wolf woman worm".split()
)

REMOTE: dict[str, RemoteSpec] = {
    "mnist": RemoteSpec(
        name="mnist", title="MNIST handwritten digits", base_url=GOOGLE, subdir="datasets",
        files=(RemoteFile("mnist.npz", "mnist.npz",
                          "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"),),
        input_shape=(28, 28, 1), class_names=tuple(str(i) for i in range(10)),
        description="70,000 grey 28×28 digits (11 MB download)",
    ),
    "fashion_mnist": RemoteSpec(
        name="fashion_mnist", title="Fashion-MNIST clothing", base_url=GOOGLE,
        subdir="datasets/fashion-mnist",
        files=tuple(RemoteFile(f, f) for f in (
            "train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz")),
        input_shape=(28, 28, 1),
        class_names=("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                     "Sneaker", "Bag", "Ankle boot"),
        description="70,000 grey 28×28 clothing images (30 MB download)",
    ),
    "cifar10": RemoteSpec(
        name="cifar10", title="CIFAR-10 small photos", base_url=TORONTO, subdir="datasets",
        files=(RemoteFile("cifar-10-python.tar.gz", "cifar-10-batches-py-target_archive",
                          "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"),),
        input_shape=(32, 32, 3),
        class_names=("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse",
                     "ship", "truck"),
        extract_to="cifar-10-batches-py-target", inner_dir="cifar-10-batches-py",
        description="60,000 colour 32×32 photos in 10 classes (163 MB download)",
    ),
    "cifar100": RemoteSpec(
        name="cifar100", title="CIFAR-100 small photos", base_url=TORONTO, subdir="datasets",
        files=(RemoteFile("cifar-100-python.tar.gz", "cifar-100-python-target_archive",
                          "85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7"),),
        input_shape=(32, 32, 3), class_names=CIFAR100_FINE,
        extract_to="cifar-100-python-target", inner_dir="cifar-100-python",
        description="60,000 colour 32×32 photos in 100 classes (161 MB download)",
    ),
}
