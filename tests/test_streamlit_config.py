"""The dashboard's Streamlit settings (.streamlit/config.toml): every option is one Streamlit
knows (a misspelt one is ignored with a mere log line), and the settings the product relies on
are there: no traceback details for users, no forced garbage collection after each script run
(docs/performance.md, "Server CPU per page view")."""

from __future__ import annotations

import tomllib
from pathlib import Path

from streamlit import config

CONFIG = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"


def _settings() -> dict[str, object]:
    """The file's settings as Streamlit's dotted option names."""
    parsed = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    return {
        f"{section}.{name}": value
        for section, options in parsed.items()
        for name, value in options.items()
    }


def test_every_setting_is_a_streamlit_option_of_the_right_type() -> None:
    known = config.get_config_options()
    settings = _settings()
    assert settings, "config.toml has no settings"
    for name, value in settings.items():
        assert name in known, f"{name} is not a Streamlit option: Streamlit would ignore it"
        default = known[name].default_val
        if isinstance(default, bool):
            assert isinstance(value, bool), f"{name} should be true or false, not {value!r}"


def test_the_settings_the_product_relies_on() -> None:
    settings = _settings()
    assert settings["client.showErrorDetails"] == "none"
    assert settings["runner.postScriptGC"] is False
    assert settings["server.address"] == "localhost"
