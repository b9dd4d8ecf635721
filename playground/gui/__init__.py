"""The window: the only package that imports Qt.

Start it with ``playground.gui.app.run_app(argv)`` or ``python -m playground.gui``. Importing
this package imports nothing else, so the start-up path stays under the app's control.
"""
