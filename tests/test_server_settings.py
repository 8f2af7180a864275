"""The reviewed server settings of .streamlit/config.toml for a dashboard shared as a link inside an office."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / ".streamlit" / "config.toml"
README = ROOT / "README.md"
SERVER_PY_FILES = [ROOT / "app.py", ROOT / "ui.py", *sorted((ROOT / "pages").glob("*.py"))]


def settings() -> dict:
    """The parsed config file."""
    with CONFIG.open("rb") as handle:
        return tomllib.load(handle)


@pytest.mark.parametrize(
    ("section", "key", "expected"),
    [
        ("server", "enableXsrfProtection", True),
        ("server", "enableCORS", True),
        ("server", "maxUploadSize", 1),
        ("server", "maxMessageSize", 50),
        ("server", "runOnSave", False),
        ("server", "headless", True),
        ("client", "showErrorDetails", "none"),
        ("client", "toolbarMode", "viewer"),
        ("browser", "gatherUsageStats", False),
    ],
)
def test_reviewed_server_setting(section: str, key: str, expected: object) -> None:
    assert settings()[section][key] == expected


def test_no_page_accepts_uploads() -> None:
    # maxUploadSize only caps an upload; having no uploader at all is what keeps uploads off.
    uploaders = [path.name for path in SERVER_PY_FILES if "file_uploader" in path.read_text(encoding="utf-8")]
    assert uploaders == []


@pytest.mark.parametrize(
    "named", ["CANLIAN_PASSWORD", ".streamlit/secrets.toml", 'password = "', *settings()["server"], "showErrorDetails"]
)
def test_readme_documents_password_and_each_setting(named: str) -> None:
    section = re.search(r"## Sharing in an office.*?(?=\n## )", README.read_text(encoding="utf-8"), re.S)
    assert section is not None and named in section.group(0)
