"""Board pack builds on a page: a Build button per format, its progress bar, then the download."""

from functools import partial

import streamlit as st

from tracker import usertext
from tracker.boardpack import jobs, publishing
from tracker.boardpack.build import MEDIA_TYPES, PackFormat, build
from tracker.boardpack.model import PackSpec
from tracker.errors import TrackerError
from tracker.store import Database
from tracker.store.packs import PublishedPack

FORMAT_WORDS = {PackFormat.pptx: "PowerPoint", PackFormat.pdf: "PDF"}


def offer(
    db: Database,
    pack: PublishedPack,
    spec: PackSpec,
    formats: tuple[PackFormat, ...] = tuple(PackFormat),
) -> None:
    """Offer to build the pack in each format side by side; show progress, then its download."""
    # Builds run in a worker thread (tracker.boardpack.jobs): one per pack and format at a time,
    # stopped after a time limit or when no page waits for it (the visitor left). The session keeps
    # the builds it waits for, so after a rerun (a click elsewhere) it waits on or collects the file.
    waiting: dict[tuple[str, int, str], jobs.Build] = st.session_state.setdefault("pack_builds", {})
    for column, fmt in zip(st.columns(len(formats)), formats, strict=True):
        words = FORMAT_WORDS[fmt]
        file_key = f"pack_file_{pack.id}_{fmt.value}"
        build_key = (str(db.path), pack.id, fmt.value)
        if column.button(f"Build {words}", key=f"build_{fmt.value}", width="stretch"):
            job, fresh = jobs.start(build_key, partial(build, db, spec, fmt))
            if not fresh:
                column.info(f"This {words} pack is already being built; waiting for it to finish.")
            waiting[build_key] = job
        if build_key in waiting:
            bar = column.progress(0.0, text=f"Building the {words} pack …")
            try:
                # bar=bar keeps this column's bar; mypy cannot type a lambda with defaults.
                data = jobs.wait(
                    waiting[build_key],
                    lambda share, text, bar=bar: bar.progress(share, text),  # type: ignore[misc]
                )
            except TrackerError as err:
                del waiting[build_key]
                column.error(f"The {words} pack could not be built: {usertext.markdown(err)}")
            else:
                del waiting[build_key]
                st.session_state[file_key] = data
                bar.progress(1.0, text=f"{words} pack ready")
        if file_key in st.session_state:
            data = st.session_state[file_key]
            column.download_button(
                f"⬇ Download {words} ({len(data) / 1_000_000:.1f} MB)",
                data,
                file_name=publishing.file_name(pack, fmt.value),
                mime=MEDIA_TYPES[fmt],
                key=f"download_{fmt.value}",
                width="stretch",
            )
