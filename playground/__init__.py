"""Keras Playground: click a CNN together, watch it learn, export it."""

__version__ = "0.1.0"
