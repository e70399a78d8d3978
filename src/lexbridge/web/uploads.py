"""Uploaded files, written to disk a chunk at a time under their own (sanitised) name."""

from __future__ import annotations

import shutil
from pathlib import Path

from fastapi import UploadFile

CHUNK = 1024 * 1024


def upload_name(upload: UploadFile) -> str:
    """The file's own name without any folder a browser sent, never "." or ".."."""
    name = Path((upload.filename or "").replace("\\", "/")).name.strip()
    return "upload" if name in {"", ".", ".."} else name[-200:]


def save_upload(upload: UploadFile, folder: Path) -> Path:
    """``upload`` copied into ``folder`` (created) a chunk at a time; never read whole."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / upload_name(upload)
    upload.file.seek(0)
    with target.open("wb") as out:
        shutil.copyfileobj(upload.file, out, CHUNK)
    return target
