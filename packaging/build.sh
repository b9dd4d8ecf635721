#!/usr/bin/env bash
# Build the one-folder desktop bundle dist/keras-playground/ with PyInstaller, then prove it works
# by running its self-test offscreen (engine, one epoch of training, export, window).
#
#   packaging/build.sh            # uses .venv/bin/python, or $PYTHON
#
# Expect several minutes and a few GB: TensorFlow is most of the bundle. Not run in CI.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
cd "$ROOT"

if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
    echo "==> installing PyInstaller into $("$PYTHON" -c 'import sys; print(sys.prefix)')"
    "$PYTHON" -m pip install --quiet "pyinstaller>=6.10"
fi

echo "==> rendering the icon"
"$PYTHON" packaging/render_icon.py

echo "==> building dist/keras-playground/ (PyInstaller $("$PYTHON" -m PyInstaller --version))"
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" packaging/keras-playground.spec

cp packaging/keras-playground.desktop packaging/io.github.keras_playground.KerasPlayground.metainfo.xml \
    playground/resources/icons/keras-playground-256.png "$ROOT/dist/keras-playground/"
echo "==> bundle size: $(du -sh "$ROOT/dist/keras-playground" | cut -f1)"

echo "==> self-test of the bundle (offscreen)"
QT_QPA_PLATFORM=offscreen PLAYGROUND_DATA_DIR="$(mktemp -d)" \
    "$ROOT/dist/keras-playground/keras-playground" --self-test
echo "==> done: run dist/keras-playground/keras-playground; see packaging/README.md to install the menu entry"
