"""tools/screenshots.py's helpers: the shortcut table comes from the real actions, PNGs stay small."""

import importlib.util
from pathlib import Path

from PIL import Image

from playground.gui.main_window import MainWindow

TOOL = Path(__file__).resolve().parents[2] / "tools" / "screenshots.py"


def load_tool():
    spec = importlib.util.spec_from_file_location("screenshots_tool", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shortcut_table_and_small_png(qtbot, tmp_path):
    tool = load_tool()
    window = MainWindow(load_engine=False)
    qtbot.addWidget(window)
    window.resize(1440, 900)
    window.show()
    qtbot.waitExposed(window)

    table = tool.shortcut_table(window)
    assert "| Train | `Ctrl+T` |" in table and "| Undo | `Ctrl+Z` |" in table
    path = tool.save_png(window, "shot", tmp_path)
    assert path.stat().st_size < tool.MAX_BYTES
    with Image.open(path) as image:
        assert image.size == (1440, 900)
        colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
        assert colours is not None and len(colours) > 20  # a drawn window, not a blank grab
