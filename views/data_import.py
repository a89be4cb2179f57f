"""Nhập dữ liệu: upload → problems or preview of the changes → commit; undo; downloads."""

import streamlit as st

from ui import render
from ui.auth import guard, notice, post_button, store
from ui.data import cached, db, kept, let_go, template
from ui.write import committed, write
from xeploai import ingest
from xeploai.access.login import DATA_EXPORT_NOTICE_COOKIE, DATA_EXPORT_PATH
from xeploai.ingest.workbook import export_shape
from xeploai.screens import data_import as import_view
from xeploai.screens.rule_checks import findings_table
from xeploai.texts import IMPORT_PAGE, fmt_int

user = guard("import")
st.title(IMPORT_PAGE["title"])
st.caption(IMPORT_PAGE["intro"])


# the files of a list longer than the page shows (their stem, their sheet)
PROBLEMS_FILE = (IMPORT_PAGE["problems_file"], IMPORT_PAGE["problems_sheet"])
WARNINGS_FILE = (IMPORT_PAGE["warnings_file"], IMPORT_PAGE["warnings_sheet"])

left, right = st.columns(2)
# made when pressed (once per server: the same for every database), not at every visit
render.download(left, IMPORT_PAGE["template"], template, "mau_nhap_xep_loai.xlsx", key="template")
# the whole database's data: a user who may import reads every organization (``User.can``)
shape = cached(export_shape)()
with right:
    failed = notice(DATA_EXPORT_NOTICE_COOKIE)  # the route sent the user back: it failed
    if failed:
        st.error(failed, icon=":material/error:")
    # posted to the server's own route, which writes the file on disk in a process of its
    # own and streams it (a national history: 213 MB, 5 minutes to write; a download
    # button would build it in this process and hold it in memory for the session)
    post_button(
        DATA_EXPORT_PATH,
        IMPORT_PAGE["download_data" if shape.one_workbook else "download_data_parts"],
    )
    notes = [shape.wait_note()]
    if not shape.one_workbook:
        mb = int(st.get_option("server.maxUploadSize"))
        notes += [shape.parts_note(), IMPORT_PAGE["parts_back"].format(mb=mb)]
    if any(notes):
        st.caption(" ".join(n for n in notes if n))

done = st.session_state.pop("import_done", None)
if done:
    st.success(done["message"], icon=":material/check_circle:")
    if done["warnings"]:
        st.warning(IMPORT_PAGE["warnings_heading"].format(n=fmt_int(len(done["warnings"]))))
        render.listed(done["warnings"], findings_table, *WARNINGS_FILE)

# Any file is accepted here, so that an .xls or a renamed file gets the importer's message.
render.uploader_in_vietnamese()
uploaded = st.file_uploader(
    IMPORT_PAGE["upload"],
    accept_multiple_files=True,
    key=f"upload_{st.session_state.get('upload_round', 0)}",
)
if not uploaded:
    let_go("dry_run")
else:
    sources = [ingest.Source(f.name, f.getvalue()) for f in uploaded]
    result = kept("dry_run", import_view.dry_run, tuple(sources))
    shown = result.shown
    lost = result.lost
    for note in shown.notes if lost is None else ():
        st.warning(render.md(note), icon=":material/warning:")
    if lost is not None:  # its process ended before the import: made again at the next run
        st.error(lost, icon=":material/error:")
        let_go("dry_run")
    elif shown.refused:
        st.error(IMPORT_PAGE["errors_heading"].format(n=fmt_int(len(shown.problems))))
        render.listed(shown.problems, import_view.problems_table, *PROBLEMS_FILE)
    elif shown.empty:
        st.info(IMPORT_PAGE["no_changes"])
    elif shown.checked:
        st.subheader(IMPORT_PAGE["preview_heading"])
        st.markdown(render.md(shown.summary))
        render.table(import_view.diff_table(shown.first_rows))
        render.cut_list(
            import_view.diff_cut(shown),
            lambda: import_view.diff_table(result.rows(None)),
            IMPORT_PAGE["changes_file"],
            IMPORT_PAGE["changes_sheet"],
        )
        if shown.findings:
            st.warning(IMPORT_PAGE["warnings_heading"].format(n=fmt_int(len(shown.findings))))
            render.listed(shown.findings, findings_table, *WARNINGS_FILE)
        if st.button(IMPORT_PAGE["commit"], type="primary", key="commit"):
            try:
                written = committed(result, user.username)
            except ingest.DatabaseLocked:
                st.error(IMPORT_PAGE["locked"])
            else:
                let_go("dry_run")  # imported: it cannot be imported again
                store().record(
                    "import",
                    user.username,
                    success=not written.refused,
                    detail=ingest.audit_detail(written.import_id, sources, written),
                )
                if written.refused:
                    st.error(IMPORT_PAGE["errors_heading"].format(n=fmt_int(len(written.problems))))
                    render.listed(written.problems, import_view.problems_table, *PROBLEMS_FILE)
                else:
                    st.session_state["import_done"] = {
                        "message": IMPORT_PAGE["success"].format(import_id=written.import_id),
                        "warnings": written.findings,
                    }
                    st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1
                    st.rerun()

st.subheader(IMPORT_PAGE["undo_heading"])
last = ingest.last_active_import(db())
if last is None:
    st.caption(IMPORT_PAGE["undo_none"])
elif st.button(import_view.undo_label(last), icon=":material/undo:", key="undo"):
    try:
        undone = last.import_id
        record, _ = write(lambda handle: ingest.undo(handle, undone))
    except ingest.DatabaseLocked:
        st.error(IMPORT_PAGE["locked"])
    except ingest.UndoRefused as exc:
        st.error(str(exc))
    else:
        store().record(
            "undo",
            user.username,
            detail={"import_id": record.import_id, "files": record.file_names},
        )
        st.session_state["import_done"] = {
            "message": IMPORT_PAGE["undo_done"].format(import_id=record.import_id),
            "warnings": None,
        }
        st.rerun()

records = ingest.history(db())
if records:
    with st.expander(IMPORT_PAGE["history_heading"]):
        render.table(import_view.history_table(records))
