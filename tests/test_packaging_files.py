"""The desktop entry, AppStream metadata, icon and PyInstaller spec fit together (no tools needed)."""

import configparser
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
ICONS = ROOT / "playground" / "resources" / "icons"
METAINFO = PACKAGING / "io.github.keras_playground.KerasPlayground.metainfo.xml"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(PACKAGING / "keras-playground.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_launches_the_bundle_with_its_icon():
    entry = desktop_entry()
    assert entry["Type"] == "Application" and entry["Name"] == "Keras Playground"
    assert entry["Exec"].split()[0] == "keras-playground"  # the bundle's executable
    assert entry["Icon"] == "keras-playground" and (ICONS / "keras-playground.svg").is_file()
    assert entry["Categories"].endswith(";") and "Education" in entry["Categories"].split(";")


def test_metainfo_names_the_desktop_entry_and_the_required_fields():
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == METAINFO.name.removesuffix(".metainfo.xml")
    for tag in ("name", "summary", "metadata_license", "project_license"):
        assert (root.findtext(tag) or "").strip(), tag
    assert root.find("description/p") is not None
    assert root.findtext("launchable") == "keras-playground.desktop"
    assert (PACKAGING / root.findtext("launchable")).is_file()


def test_icon_png_is_256_square():
    from PIL import Image

    with Image.open(ICONS / "keras-playground-256.png") as image:
        assert image.size == (256, 256) and image.mode in ("RGBA", "RGB")


def test_spec_and_build_script_point_at_files_that_exist():
    spec = (PACKAGING / "keras-playground.spec").read_text(encoding="utf-8")
    assert '"launcher.py"' in spec and (PACKAGING / "launcher.py").is_file()
    assert "keras-playground-256.png" in spec and 'name="keras-playground"' in spec
    build = (PACKAGING / "build.sh").read_text(encoding="utf-8")
    assert "packaging/keras-playground.spec" in build and "--self-test" in build
    compile((PACKAGING / "launcher.py").read_text(encoding="utf-8"), "launcher.py", "exec")
