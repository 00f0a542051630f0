"""Notes on KPIs in the dashboard: who writes (the logged-in user), the thread, and the forms.

Every note text is shown with st.text or in a dataframe cell, never as Markdown or HTML, so a
note that says `<script>` or `**bold**` shows exactly that. Permissions are checked by
warehouse.notes (the data layer) on every write; the forms only offer what the role may do.
"""

from __future__ import annotations

import sqlite3
from datetime import date

import pandas as pd
import streamlit as st

from ui import access, access_list
from ui.common import label_of
from ui.formats import fmt_date
from ui.i18n import t
from warehouse import notes
from warehouse.notes import NoteError, NotePermissionError, NoteWriter

AUTHOR_KEY = "notes_author"


def writer(role: access_list.Role) -> NoteWriter | None:
    """Who writes notes in this session: the logged-in e-mail with the role, or in open local
    mode the e-mail the user typed (None until they did)."""
    if role.name == "open":
        email = (st.session_state.get(AUTHOR_KEY) or "").strip()
    else:
        email = str(access.current_email() or "")
    return NoteWriter(email, role.name, role.cluster) if email else None


def current_role() -> access_list.Role:
    """The role of this run (set by dashboard.py around the page)."""
    return access.current_role()


def read(lang: str, year: int, kpi_id: str | None = None, scope: str | None = None) -> pd.DataFrame:
    """The current notes of `year` (and KPI, scope); none, with a warning, if the notes file
    cannot be read (the page still shows its numbers)."""
    try:
        return notes.list_notes(year, kpi_id, scope)
    except Exception:  # noqa: BLE001 - a broken notes file must not take the scorecard down
        st.warning(t("notes_unreadable", lang, path=str(notes.notes_path())), icon="⚠️")
        return notes.empty_notes()


def scope_label(scope: str, lang: str) -> str:
    """'Hele netværket' / 'Whole network' for ALL, the cluster's label otherwise."""
    return t("whole_network", lang) if scope == notes.NATIONAL else label_of("cluster", lang)(scope)


def thread(frame: pd.DataFrame, lang: str, key: str) -> None:
    """The notes of `frame` (list_notes' columns), newest first, each with its history."""
    if frame.empty:
        st.text(t("notes_none", lang))
        return
    for row in frame.sort_values(["edited_at", "note_id"], ascending=False).itertuples():
        with st.container(border=True, key=f"{key}_{row.note_id}"):
            edited = f" · {t('note_edited', lang)}" if row.version > 1 else ""
            st.caption(
                t(
                    "note_meta",
                    lang,
                    id=row.note_id,
                    scope=scope_label(row.scope, lang),
                    when=fmt_date(pd.Timestamp(row.edited_at).tz_convert(None), lang),
                )
                + edited
            )
            st.text(row.text)
            if row.action:
                due = (
                    f" · {t('note_due', lang)} {fmt_date(date.fromisoformat(row.due), lang)}"
                    if row.due
                    else ""
                )
                owner = f" · {t('note_owner', lang)} {row.owner}" if row.owner else ""
                st.text(f"{t('note_action', lang)}: {row.action}{owner}{due}")
            st.text(f"{t('note_author', lang)}: {row.edited_by}")
            if row.version > 1:
                with st.expander(t("note_history", lang)):
                    history = notes.note_history(row.note_id)
                    st.dataframe(
                        history_table(history, lang),
                        hide_index=True,
                        width="stretch",
                        key=f"{key}_{row.note_id}_history",
                    )


def history_table(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every version of a note, for display (text cells, never Markdown)."""
    return pd.DataFrame(
        {
            t("note_version", lang): history["version"],
            t("note_text", lang): history["text"],
            t("note_action", lang): history["action"].fillna(""),
            t("note_owner", lang): history["owner"].fillna(""),
            t("note_due", lang): history["due"].fillna(""),
            t("note_author", lang): history["edited_by"],
            t("note_when", lang): [
                fmt_date(pd.Timestamp(v).tz_convert(None), lang) for v in history["edited_at"]
            ],
        }
    )


def notes_table(frame: pd.DataFrame, kpi_names: dict[str, str], lang: str) -> pd.DataFrame:
    """Notes as a table (KPI, scope, note, action, owner, due, author, date) for display."""
    return pd.DataFrame(
        {
            t("kpi", lang): [kpi_names.get(k, k) for k in frame["kpi_id"]],
            t("note_scope", lang): [scope_label(s, lang) for s in frame["scope"]],
            t("note_text", lang): frame["text"],
            t("note_action", lang): frame["action"].fillna(""),
            t("note_owner", lang): frame["owner"].fillna(""),
            t("note_due", lang): frame["due"].fillna(""),
            t("note_author", lang): frame["edited_by"],
            t("note_when", lang): [
                fmt_date(pd.Timestamp(v).tz_convert(None), lang) for v in frame["edited_at"]
            ],
        }
    )


def _error_text(exc: Exception, lang: str) -> str:
    if isinstance(exc, NotePermissionError):
        return t("note_err_permission", lang)
    if isinstance(exc, NoteError):
        return t(f"note_err_{exc.code}", lang)
    return t("notes_unwritable", lang)


def _outcome(key: str) -> None:
    """Show (once) what the last save of form `key` gave: an error, or a toast on success."""
    outcome = st.session_state.pop(f"{key}_outcome", None)
    if outcome is None:
        return
    kind, text = outcome
    if kind == "ok":
        st.toast(text, icon="✅")
    else:
        st.error(text, icon="⚠️")


def _author_field(role: access_list.Role, lang: str) -> None:
    """In open local mode nobody is logged in: ask for the e-mail address to sign notes with."""
    if role.name == "open":
        st.text_input(t("note_your_email", lang), key=AUTHOR_KEY, help=t("note_email_help", lang))


def _value(key: str) -> object:
    return st.session_state.get(key)


def _save_new(role: access_list.Role, year: int, kpi_id: str, key: str, lang: str) -> None:
    """on_click of the new-note form: write the note (a callback, so that the click survives
    the rerun through dashboard.py; the role is the run's, passed on the server side); the
    outcome is kept for `_outcome`."""
    who = writer(role)
    try:
        if who is None:
            raise NoteError("email", "no author")
        note_id = notes.add_note(
            year,
            kpi_id,
            str(_value(f"{key}_scope")),
            _value(f"{key}_text"),
            who,
            action=_value(f"{key}_action"),
            owner=_value(f"{key}_owner"),
            due=_value(f"{key}_due"),
        )
    except (NoteError, NotePermissionError, OSError, sqlite3.Error) as exc:
        st.session_state[f"{key}_outcome"] = ("error", _error_text(exc, lang))
        return
    st.session_state[f"{key}_outcome"] = ("ok", t("note_saved", lang, id=note_id))


def forms(
    year: int, kpi_id: str, default_scope: str | None, frame: pd.DataFrame, lang: str, key: str
) -> None:
    """The forms under a KPI's thread: a new note, and a new version of one of `frame`'s notes,
    as far as this user's role may write (in open local mode after their e-mail address)."""
    role = current_role()
    _outcome(f"{key}_new")
    _outcome(f"{key}_edit")
    if not notes.writable_scopes(NoteWriter("x@x.dk", role.name, role.cluster)):
        st.caption(t("notes_read_only", lang))
        return
    _author_field(role, lang)
    write_form(role, year, kpi_id, default_scope, lang, f"{key}_new")
    edit_form(role, frame, lang, f"{key}_edit")


def write_form(
    role: access_list.Role, year: int, kpi_id: str, default_scope: str | None, lang: str, key: str
) -> None:
    """A form for a new note on `kpi_id` in `year`, in the scopes `role` may write."""
    scopes = notes.writable_scopes(NoteWriter("x@x.dk", role.name, role.cluster))
    with st.expander(t("note_write", lang), icon=":material/edit_note:"):
        with st.form(key=f"{key}_form", clear_on_submit=True, border=False):
            index = scopes.index(default_scope) if default_scope in scopes else 0
            st.selectbox(
                t("note_scope", lang),
                scopes,
                index=index,
                format_func=lambda s: scope_label(s, lang),
                key=f"{key}_scope",
            )
            st.text_area(t("note_text", lang), max_chars=notes.MAX_TEXT, key=f"{key}_text")
            st.text_input(t("note_action", lang), max_chars=notes.MAX_ACTION, key=f"{key}_action")
            left, right = st.columns(2)
            left.text_input(t("note_owner", lang), key=f"{key}_owner")
            right.date_input(t("note_due", lang), value=None, format="DD-MM-YYYY", key=f"{key}_due")
            st.form_submit_button(
                t("note_save", lang),
                type="primary",
                on_click=_save_new,
                args=(role, year, kpi_id, key, lang),
            )


def _save_version(role: access_list.Role, note_id: int, key: str, lang: str) -> None:
    """on_click of the edit form: a new version of note `note_id` (see `_save_new`)."""
    who = writer(role)
    try:
        if who is None:
            raise NoteError("email", "no author")
        version = notes.edit_note(
            note_id,
            who,
            text=_value(f"{key}_text_{note_id}"),
            action=_value(f"{key}_action_{note_id}"),
            owner=_value(f"{key}_owner_{note_id}"),
            due=_value(f"{key}_due_{note_id}"),
        )
    except (NoteError, NotePermissionError, OSError, sqlite3.Error) as exc:
        st.session_state[f"{key}_outcome"] = ("error", _error_text(exc, lang))
        return
    st.session_state[f"{key}_outcome"] = (
        "ok",
        t("note_saved_version", lang, id=note_id, version=version),
    )


def edit_form(role: access_list.Role, frame: pd.DataFrame, lang: str, key: str) -> None:
    """A form to write a new version of one of the notes in `frame` that `role` may edit."""
    probe = NoteWriter("x@x.dk", role.name, role.cluster)
    editable = frame[[notes.may_write(probe, s) for s in frame["scope"]]] if len(frame) else frame
    if editable.empty:
        return
    with st.expander(t("note_edit", lang), icon=":material/edit:"):
        chosen = st.selectbox(
            t("note_pick", lang),
            list(editable["note_id"]),
            format_func=lambda i: t("note_number", lang, id=i),
            key=f"{key}_pick",
        )
        current = editable.set_index("note_id").loc[chosen]
        with st.form(key=f"{key}_form", border=False):
            st.text_area(
                t("note_text", lang),
                value=current["text"],
                max_chars=notes.MAX_TEXT,
                key=f"{key}_text_{chosen}",
            )
            st.text_input(
                t("note_action", lang),
                value=current["action"] or "",
                max_chars=notes.MAX_ACTION,
                key=f"{key}_action_{chosen}",
            )
            left, right = st.columns(2)
            left.text_input(
                t("note_owner", lang), value=current["owner"] or "", key=f"{key}_owner_{chosen}"
            )
            right.date_input(
                t("note_due", lang),
                value=date.fromisoformat(current["due"]) if current["due"] else None,
                format="DD-MM-YYYY",
                key=f"{key}_due_{chosen}",
            )
            st.form_submit_button(
                t("note_save_version", lang),
                on_click=_save_version,
                args=(role, int(chosen), key, lang),
            )
