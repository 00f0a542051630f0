"""Who may see what: OIDC login (`st.login`), the access list `access.toml`, and the data scope.

With an `[auth]` section in Streamlit's secrets the dashboard requires a login; the logged-in
e-mail address (case-insensitive) is looked up in `access.toml` (beside dashboard.py, or the file
named by `$HEALTHTECH_ACCESS`):

```toml
[users."formand@region.dk"]
role = "steering"          # every page
[users."projektleder@lsi.dk"]
role = "cluster_lead"      # every page; Explorer and Data quality only this cluster's rows
cluster = "LSI"
[users."fuldmaegtig@ufm.dk"]
role = "ministry"          # Overview and Report only
```

Anything doubtful is refused, never widened: an unknown role or cluster, a cluster on a role
that takes none, an unknown key, the same address twice (in any case), an unreadable file.
The login configuration fails closed too (`auth_config`): only without any secrets file, on a
local address (or with HEALTHTECH_OPEN_MODE=1), the app runs in open local mode (role `open`:
everything, with a banner); a secrets file that cannot be parsed or an `[auth]` that is empty or
incomplete closes the dashboard for everybody, with a message naming the file.

The pure part (`load_access`, `role_for`, `allowed_pages`) needs no Streamlit. The data scope of
a run (`granted`, `data_clusters`) is a context variable that dashboard.py sets around the page:
`ui.data` passes it to the restricted queries as a parameter; unset, it restricts to nothing.
"""

from __future__ import annotations

import logging
import os
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit import config
from streamlit.errors import StreamlitSecretNotFoundError

from ui.i18n import t
from warehouse import reference
from warehouse.scope import NOTHING, DataScope, scope_for

log = logging.getLogger("healthtech.dashboard")

ROOT = Path(__file__).resolve().parents[1]
ENV_ACCESS = "HEALTHTECH_ACCESS"
#: The explicit switch for open mode on a server that listens beyond this machine.
ENV_OPEN_MODE = "HEALTHTECH_OPEN_MODE"
LOCAL_ADDRESSES = frozenset({"localhost", "127.0.0.1", "::1"})
#: Keys of [auth] that Streamlit's login needs, and those of its identity provider (flat in
#: [auth] or in one [auth.<name>] table).
AUTH_KEYS = ("redirect_uri", "cookie_secret")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")

#: url paths of dashboard.py's pages (PAGES), the overview first.
ALL_PAGES = frozenset(
    {
        "overview",
        "regions",
        "themes",
        "collaboration",
        "funding",
        "explorer",
        "data-quality",
        "report",
    }
)
#: role -> the pages it may open (None: every page).
ROLE_PAGES: dict[str, frozenset[str] | None] = {
    "open": None,
    "steering": None,
    "cluster_lead": None,
    "ministry": frozenset({"overview", "report"}),
}
#: roles that may appear in access.toml ("open" is only the mode without [auth]).
FILE_ROLES = ("steering", "cluster_lead", "ministry")
ENTRY_KEYS = frozenset({"role", "cluster", "name"})


class AccessError(Exception):
    """The access file cannot be used (missing, not TOML, wrong shape); the message says why."""


@dataclass(frozen=True)
class Role:
    """A user's role; `cluster` only for cluster leads."""

    name: str
    cluster: str | None = None

    @property
    def scope(self) -> DataScope:
        """The rows this role may see and download (warehouse.scope, the one rule)."""
        return scope_for(self.name, self.cluster)

    @property
    def clusters(self) -> tuple[str, ...] | None:
        """The lead clusters whose rows this role may see (None: all; empty: none)."""
        return self.scope.clusters


OPEN = Role("open")


# --- the pure part ------------------------------------------------------------------------------


def access_path() -> Path:
    """`$HEALTHTECH_ACCESS`, else access.toml beside dashboard.py."""
    return Path(os.environ.get(ENV_ACCESS) or ROOT / "access.toml")


def _kind(value: object) -> str:
    """What a TOML value is, in words (for the log)."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, str):
        return "a text"
    return f"a {type(value).__name__}"


def _entry_problem(email: str, entry: object, clusters: set[str]) -> str | None:
    """What is wrong with one [users."..."] entry (None: nothing), checked field by field."""
    if not email:
        return "the address is empty"
    if not isinstance(entry, Mapping):
        return f"the entry is {_kind(entry)} ({entry!r}), not a table"
    unknown = sorted(str(k) for k in set(entry) - ENTRY_KEYS)
    if unknown:
        return f"unknown key(s) {unknown} (allowed: role, cluster, name)"
    for key in ("role", "cluster", "name"):
        value = entry.get(key)
        if key in entry and not isinstance(value, str):
            return f"{key} must be one text value, not {_kind(value)} ({value!r})"
    role, cluster = entry.get("role"), entry.get("cluster")
    if role is None:
        return f"no role (one of {', '.join(FILE_ROLES)})"
    if role not in FILE_ROLES:
        return f"unknown role {role!r} (one of {', '.join(FILE_ROLES)})"
    if role == "cluster_lead" and cluster is None:
        return f"a cluster lead needs a cluster (one of {', '.join(sorted(clusters))})"
    if role == "cluster_lead" and cluster not in clusters:
        return f"unknown cluster {cluster!r} (one of {', '.join(sorted(clusters))}, upper case)"
    if role != "cluster_lead" and cluster is not None:
        return f"role {role} takes no cluster"
    return None


def _entry_role(email: str, entry: object, clusters: set[str], where: str) -> Role | None:
    """The Role of one [users."..."] entry, or None if anything about it is doubtful: that entry
    is refused (logged with its address, the file and what is wrong), everybody else is served."""
    try:
        problem = _entry_problem(email, entry, clusters)
    except Exception as exc:  # noqa: BLE001 - a check that raises refuses this entry only
        problem = f"the entry cannot be checked ({type(exc).__name__})"
    if problem is not None:
        log.warning('access: entry users."%s" in %s: %s; refused', email, where, problem)
        return None
    assert isinstance(entry, Mapping)
    role = str(entry["role"])
    return Role(role, str(entry["cluster"]) if role == "cluster_lead" else None)


def load_access(path: str | os.PathLike) -> dict[str, Role]:
    """{e-mail address in lower case: Role} of the access file at `path`.

    Entries are checked one by one: a doubtful one (unknown role, cluster or key; a value of the
    wrong type, e.g. a list, a number or a table; the same address twice) is left out and
    logged with its address and what is wrong, so only that user is refused. Raises AccessError
    (everybody is refused) if the file is missing, not valid TOML, or [users] is not a table.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AccessError(f"the access file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AccessError(f"the access file {path} cannot be read: {exc}") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AccessError(f"the access file {path} is not valid TOML: {exc}") from None
    users = document.get("users", {})
    if not isinstance(users, Mapping):
        raise AccessError(f"the access file {path}: [users] must be a table of addresses")
    others = sorted(set(document) - {"users"})
    if others:
        log.warning("access: %s has key(s) %s outside [users]; ignored", path, others)
    clusters = set(reference.labels("cluster"))
    result: dict[str, Role] = {}
    seen: set[str] = set()
    for email, entry in users.items():
        key = str(email).strip().lower()
        if key in seen:
            log.warning('access: users."%s" in %s is listed more than once; refused', key, path)
            result.pop(key, None)
            continue
        seen.add(key)
        role = _entry_role(key, entry, clusters, str(path))
        if role is not None:
            result[key] = role
    return result


def role_for(email: object, access: Mapping[str, Role]) -> Role | None:
    """The Role of an e-mail address (case and surrounding spaces ignored), None if unknown."""
    if not isinstance(email, str) or not email.strip():
        return None
    return access.get(email.strip().lower())


def allowed_pages(role: Role | None) -> set[str]:
    """The url paths (dashboard.PAGES) the role may open; none for no role or an unknown one."""
    if role is None or role.name not in ROLE_PAGES:
        return set()
    pages = ROLE_PAGES[role.name]
    return set(ALL_PAGES if pages is None else pages)


# --- the data scope of a run --------------------------------------------------------------------

#: The rows a run may see. Unset (not run by dashboard.py inside `granted`): nothing.
_SCOPE: ContextVar[DataScope] = ContextVar("data_scope", default=NOTHING)
#: The role of a run (None: not run inside `granted`, so nothing may be written either).
_ROLE: ContextVar[Role | None] = ContextVar("role", default=None)


@contextmanager
def granted(role: Role) -> Iterator[None]:
    """Let the code inside see the data of `role` (dashboard.py wraps the page's run in it)."""
    token = _SCOPE.set(role.scope)
    role_token = _ROLE.set(role)
    try:
        yield
    finally:
        _ROLE.reset(role_token)
        _SCOPE.reset(token)


def data_scope() -> DataScope:
    """The rows this run may see and download, on every page and in every export."""
    return _SCOPE.get()


def current_role() -> Role:
    """The role of this run; outside `granted` a role that may do nothing."""
    return _ROLE.get() or Role("none")


def current_email() -> str | None:
    """The logged-in user's e-mail address (None in open local mode or when not logged in)."""
    email = _user().get("email")
    return email.strip().lower() if isinstance(email, str) and email.strip() else None


def data_clusters() -> tuple[str, ...] | None:
    """The lead clusters whose rows this run may see (None: all; empty: none)."""
    return _SCOPE.get().clusters


# --- Streamlit: login, refusal, banner ----------------------------------------------------------


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


def _user() -> Mapping[str, Any]:
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
    user = _user()
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
    st.warning(t("access_refused", lang, email=_user().get("email") or "?"))
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
        st.caption(t("access_signed_in", lang, email=_user().get("email"), role=role_text))
        st.button(t("access_logout", lang), key="access_logout", on_click=st.logout)


def scope_note(lang: str) -> None:
    """On a restricted page: say that only the user's cluster's rows are shown."""
    clusters = data_clusters()
    if clusters is not None:
        st.info(t("access_scope_note", lang, clusters=", ".join(clusters) or "–"))
