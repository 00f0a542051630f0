"""The data scope of a run: the rows the user's role may see and download.

The data scope (`granted`, `data_clusters`) is a context variable that dashboard.py sets around
the page: `ui.data` passes it to the restricted queries as a parameter; unset, it restricts to
nothing. Who has which role is ui/access_list.py; the login is ui/login.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import streamlit as st

from ui.access_list import Role
from ui.i18n import t
from ui.login import user_info
from warehouse.scope import NOTHING, DataScope

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
    email = user_info().get("email")
    return email.strip().lower() if isinstance(email, str) and email.strip() else None


def data_clusters() -> tuple[str, ...] | None:
    """The lead clusters whose rows this run may see (None: all; empty: none)."""
    return _SCOPE.get().clusters


def scope_note(lang: str) -> None:
    """On a restricted page: say that only the user's cluster's rows are shown."""
    clusters = data_clusters()
    if clusters is not None:
        st.info(t("access_scope_note", lang, clusters=", ".join(clusters) or "–"))
