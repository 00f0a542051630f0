"""The login: who this server lets in (OIDC `st.login` or open local mode), the refusal and the
banner.

The login configuration fails closed (`auth_config`): only without any secrets file, on a
local address (or with HEALTHTECH_OPEN_MODE=1), the app runs in open local mode (role `open`:
everything, with a banner); a secrets file that cannot be parsed or an `[auth]` that is empty or
incomplete closes the dashboard for everybody, with a message naming the file.
A logged-in address is looked up in the access list (ui/access_list.py).
"""

from __future__ import annotations

import logging
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit import config
from streamlit.errors import StreamlitSecretNotFoundError

from ui.access_list import OPEN, AccessError, Role, access_path, load_access, role_for
from ui.i18n import t

log = logging.getLogger("healthtech.dashboard")

#: The explicit switch for open mode on a server that listens beyond this machine.
ENV_OPEN_MODE = "HEALTHTECH_OPEN_MODE"
LOCAL_ADDRESSES = frozenset({"localhost", "127.0.0.1", "::1"})
#: Keys of [auth] that Streamlit's login needs, and those of its identity provider (flat in
#: [auth] or in one [auth.<name>] table).
AUTH_KEYS = ("redirect_uri", "cookie_secret")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")


@dataclass(frozen=True)
class AuthConfig:
    """How this server lets people in, decided from Streamlit's secrets (fail closed).

    mode: 'open' (no secrets at all, on a local address or with the explicit switch), 'login'
    (a complete [auth] section) or 'closed' (anything else: everybody is refused). provider: the
    name for st.login (None: the flat [auth]). problem, detail: for 'closed', the i18n key of
    what is wrong and its values (the file, the keys), said in the log and on the page.
    """

    mode: str
    provider: str | None = None
    problem: str | None = None
    detail: Mapping[str, str] = field(default_factory=dict)

    def message(self, lang: str) -> str:
        """What is wrong, in `lang` (closed only)."""
        return t(self.problem, lang, **self.detail) if self.problem else ""


def _open_switch() -> bool:
    return os.environ.get(ENV_OPEN_MODE, "").strip().lower() in ("1", "true", "yes")


def _is_local(address: object) -> bool:
    """True for an address only this machine can reach (unset means every interface)."""
    text = str(address or "").strip().strip("[]").lower()
    return text in LOCAL_ADDRESSES or text.startswith("127.")


def _no_secrets(paths: list[str]) -> AuthConfig:
    """No secrets file and no [auth]: open local mode, unless the server listens beyond this
    machine without the explicit switch."""
    address = config.get_option("server.address")
    if _is_local(address) or _open_switch():
        return AuthConfig("open")
    return AuthConfig(
        "closed",
        problem="auth_open_remote",
        detail={
            "address": str(address or "0.0.0.0"),
            "files": ", ".join(paths) or "–",
            "switch": f"{ENV_OPEN_MODE}=1",
        },
    )


def _unreadable(paths: list[str], exc: Exception) -> AuthConfig:
    """A secrets file exists but cannot be parsed: name the file and tomllib's reason."""
    for path in paths:
        try:
            tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            return AuthConfig(
                "closed", problem="auth_not_toml", detail={"file": path, "error": str(error)}
            )
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or type(error).__name__
            return AuthConfig(
                "closed", problem="auth_unreadable", detail={"file": path, "error": str(reason)}
            )
        except Exception:  # noqa: BLE001, S112 - a directory of secrets: judged below
            continue
    return AuthConfig(
        "closed",
        problem="auth_unreadable",
        detail={"file": ", ".join(paths), "error": type(exc).__name__},
    )


def _filled(section: Mapping[str, Any], keys: tuple[str, ...]) -> list[str]:
    """The keys of `keys` that are missing in `section` or not a non-empty text."""
    return [k for k in keys if not (isinstance(section.get(k), str) and section[k].strip())]


def _check_auth(section: object, where: str) -> AuthConfig:
    """A complete [auth] section gives 'login' with its provider; anything else 'closed'."""

    def closed(problem: str, **detail: str) -> AuthConfig:
        return AuthConfig("closed", problem=problem, detail={"file": where, **detail})

    if not isinstance(section, Mapping):
        return closed("auth_not_table")
    if not section:
        return closed("auth_empty")
    missing = _filled(section, AUTH_KEYS)
    if missing:
        return closed("auth_missing", keys=", ".join(missing), section="[auth]")
    if not str(section["redirect_uri"]).rstrip("/").endswith("/oauth2callback"):
        return closed("auth_redirect")
    if any(k in section for k in PROVIDER_KEYS):
        missing = _filled(section, PROVIDER_KEYS)
        if missing:
            return closed("auth_missing", keys=", ".join(missing), section="[auth]")
        return AuthConfig("login", provider=None)
    providers = [k for k, v in section.items() if isinstance(v, Mapping)]
    if not providers:
        return closed("auth_no_provider")
    if len(providers) > 1:
        return closed("auth_providers", names=", ".join(sorted(providers)))
    name = providers[0]
    missing = _filled(section[name], PROVIDER_KEYS)
    if missing:
        return closed("auth_missing", keys=", ".join(missing), section=f"[auth.{name}]")
    if "_" in name:
        return closed("auth_provider_name", name=name)
    return AuthConfig("login", provider=name)


def auth_config() -> AuthConfig:
    """Decide from Streamlit's secrets (its own loader, the files of `secrets.files`) whether this
    server is open, asks for a login, or is closed because the configuration is broken.

    Open local mode only when there is no secrets file and no [auth] at all (and the server
    listens on a local address, or HEALTHTECH_OPEN_MODE=1). A secrets file that exists but cannot
    be parsed, has no [auth], or an [auth] that is empty or incomplete: closed. Fails closed: any
    unexpected error while deciding closes too.
    """
    paths = [str(p) for p in config.get_option("secrets.files") if os.path.exists(p)]
    where = ", ".join(paths) or "st.secrets"
    try:
        secrets = st.secrets.to_dict()
    except StreamlitSecretNotFoundError as exc:
        return _unreadable(paths, exc) if paths else _no_secrets(paths)
    except Exception as exc:  # noqa: BLE001 - a check that raises refuses
        return (
            _unreadable(paths, exc)
            if paths
            else AuthConfig(
                "closed", problem="auth_unreadable", detail={"file": where, "error": repr(exc)}
            )
        )
    if "auth" not in secrets:
        if not paths and not secrets:
            return _no_secrets(paths)
        return AuthConfig("closed", problem="auth_no_section", detail={"file": where})
    return _check_auth(secrets["auth"], where)


def _login() -> None:
    """st.login with the provider of [auth]: the flat section, else its one sub-table."""
    st.login(auth_config().provider)


#: problems already logged (each once per process, not at every click)
_LOGGED: set[str] = set()


def _log_closed(config_: AuthConfig) -> None:
    text = config_.message("en")
    if text not in _LOGGED:
        _LOGGED.add(text)
        log.error("access: %s; every user is refused", text)


def user_info() -> Mapping[str, Any]:
    """The logged-in user's claims (empty when nobody is logged in)."""
    try:
        return st.user.to_dict()
    except Exception:  # noqa: BLE001 - no user information: nobody is logged in
        return {}


def resolve() -> tuple[Role | None, str]:
    """(role, state) of this run: state is 'open' (no secrets at all), 'closed' (the login
    configuration is broken: everybody refused), 'login' (not logged in), 'refused' (logged in,
    not allowed), 'broken' (the access file cannot be used) or 'granted'."""
    try:
        auth = auth_config()
    except Exception:  # noqa: BLE001 - deciding failed: refuse, never open
        log.exception("access: the login configuration cannot be checked; every user is refused")
        auth = AuthConfig("closed", problem="auth_unreadable", detail={"file": "?", "error": "?"})
    if auth.mode == "open":
        return OPEN, "open"
    if auth.mode != "login":
        _log_closed(auth)
        return None, "closed"
    user = user_info()
    if not user.get("is_logged_in"):
        return None, "login"
    try:
        access = load_access(access_path())
    except AccessError as exc:
        log.error("access: %s; every user is refused", exc)
        return None, "broken"
    except Exception:  # noqa: BLE001 - whatever went wrong, refuse (and say why in the log)
        log.exception("access: the access file cannot be used; every user is refused")
        return None, "broken"
    role = role_for(user.get("email"), access)
    if role is None:
        log.warning("access: %r is not in the access file; refused", user.get("email"))
        return None, "refused"
    return role, "granted"


def gate(state: str, lang: str) -> None:
    """The only page for a user without access: a login prompt, or a polite refusal."""
    st.title(t("access_title", lang))
    if state == "closed":
        st.error(t("access_closed", lang), icon=":material/lock:")
        st.markdown(t("access_closed_admin", lang))
        st.text(auth_config().message(lang))
        return
    if state == "login":
        st.info(t("access_login", lang))
        pressed = st.button(
            t("access_login_button", lang),
            key="access_login",
            type="primary",
            icon=":material/login:",
        )
        if pressed:
            try:
                _login()
            except Exception:  # noqa: BLE001 - e.g. Authlib missing or [auth] incomplete
                log.exception("access: st.login failed")
                st.error(t("access_login_failed", lang))
        return
    st.warning(t("access_refused", lang, email=user_info().get("email") or "?"))
    if state == "broken":
        st.caption(t("access_broken", lang))
    st.button(t("access_logout", lang), key="access_logout", on_click=st.logout)


def banner(role: Role, state: str, lang: str) -> None:
    """Open mode: a banner on every page. Logged in: who, and a log-out button, in the sidebar."""
    if state == "open":
        st.warning(t("access_open_mode", lang), icon=":material/lock_open:")
        return
    role_text = t(f"role_{role.name}", lang)
    if role.cluster:
        role_text += f" ({role.cluster})"
    with st.sidebar:
        st.caption(t("access_signed_in", lang, email=user_info().get("email"), role=role_text))
        st.button(t("access_logout", lang), key="access_logout", on_click=st.logout)
