"""Where the window keeps its own files: settings, recent files and the crash-recovery copy.

PLAYGROUND_DATA_DIR overrides the platform's app-data folder, so tests (and portable installs)
keep everything in one place and never touch the user's real settings.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

ORGANISATION = "Keras Playground"
APPLICATION = "Keras Playground"
DATA_DIR_ENV = "PLAYGROUND_DATA_DIR"


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        path = Path(override)
    else:
        location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        path = Path(location or Path.home() / ".keras-playground")
    path.mkdir(parents=True, exist_ok=True)
    return path


def settings() -> QSettings:
    if os.environ.get(DATA_DIR_ENV):
        return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)
    return QSettings(ORGANISATION, APPLICATION)
