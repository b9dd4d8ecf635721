"""The frozen app's entry point: the same dispatcher as the `playground` console script."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # TensorFlow and Keras may start helper processes
    from playground.cli import main

    sys.exit(main())
