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
Without `[auth]` the app runs in open local mode (role `open`: everything, with a banner).

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from ui.i18n import t
from warehouse import reference
from warehouse.scope import NOTHING, DataScope, scope_for

log = logging.getLogger("healthtech.dashboard")

ROOT = Path(__file__).resolve().parents[1]
ENV_ACCESS = "HEALTHTECH_ACCESS"

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


def _entry_role(email: str, entry: object, clusters: set[str]) -> Role | None:
    """The Role of one [users."..."] entry, or None (logged) if anything about it is doubtful."""
    if not isinstance(entry, Mapping):
        log.warning("access: entry %s is not a table; refused", email)
        return None
    unknown = set(entry) - ENTRY_KEYS
    role, cluster = entry.get("role"), entry.get("cluster")
    if unknown:
        log.warning("access: entry %s has unknown key(s) %s; refused", email, sorted(unknown))
    elif role not in FILE_ROLES:
        log.warning("access: entry %s has unknown role %r; refused", email, role)
    elif role == "cluster_lead" and cluster not in clusters:
        log.warning("access: entry %s has unknown cluster %r; refused", email, cluster)
    elif role != "cluster_lead" and cluster is not None:
        log.warning("access: entry %s: role %s takes no cluster; refused", email, role)
    else:
        return Role(str(role), str(cluster) if role == "cluster_lead" else None)
    return None


def load_access(path: str | os.PathLike) -> dict[str, Role]:
    """{e-mail address in lower case: Role} of the access file at `path`.

    Entries that are doubtful (unknown role, cluster or key; the same address twice) are left
    out, so those users are refused. Raises AccessError if the file is missing, not valid TOML,
    or has no [users] table of tables.
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
    clusters = set(reference.labels("cluster"))
    result: dict[str, Role] = {}
    doubled: set[str] = set()
    for email, entry in users.items():
        key = str(email).strip().lower()
        if key in result or key in doubled:
            log.warning("access: %s is listed more than once; refused", key)
            result.pop(key, None)
            doubled.add(key)
            continue
        role = _entry_role(key, entry, clusters)
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


@contextmanager
def granted(role: Role) -> Iterator[None]:
    """Let the code inside see the data of `role` (dashboard.py wraps the page's run in it)."""
    token = _SCOPE.set(role.scope)
    try:
        yield
    finally:
        _SCOPE.reset(token)


def data_scope() -> DataScope:
    """The rows this run may see and download, on every page and in every export."""
    return _SCOPE.get()


def data_clusters() -> tuple[str, ...] | None:
    """The lead clusters whose rows this run may see (None: all; empty: none)."""
    return _SCOPE.get().clusters


# --- Streamlit: login, refusal, banner ----------------------------------------------------------


def auth_section() -> Mapping[str, Any] | None:
    """The `[auth]` section of Streamlit's secrets, None without one (or without secrets)."""
    try:
        section = st.secrets.get("auth") if "auth" in st.secrets else None
    except Exception:  # noqa: BLE001 - no secrets file at all: open local mode
        return None
    return section if isinstance(section, Mapping) and section else None


def _login() -> None:
    """st.login with the provider of [auth]: the flat section, else its first sub-table."""
    section = auth_section() or {}
    providers = [k for k, v in section.items() if isinstance(v, Mapping)]
    st.login(None if "client_id" in section or not providers else providers[0])


def _user() -> Mapping[str, Any]:
    try:
        return st.user.to_dict()
    except Exception:  # noqa: BLE001 - no user information: nobody is logged in
        return {}


def resolve() -> tuple[Role | None, str]:
    """(role, state) of this run: state is 'open' (no [auth]), 'login' (not logged in),
    'refused' (logged in, not allowed), 'broken' (the access file cannot be used) or 'granted'."""
    if auth_section() is None:
        return OPEN, "open"
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
