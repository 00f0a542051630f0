"""Who may see what: the access list `access.toml` and the pages of each role.

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

Pure: nothing here needs Streamlit (the login is ui/login.py, the run's data scope
ui/access.py).
"""

from __future__ import annotations

import logging
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from warehouse import reference
from warehouse.scope import DataScope, scope_for

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
