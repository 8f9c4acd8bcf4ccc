"""A project's documents: upload (admins, analysts) and download (everyone who reads the registry).

Files live under `var_dir/civil/<sha256>`: the same file uploaded twice is stored once, and no
name a user chose ever becomes a path. Uploads over 20 MB are refused with 413, by the declared
length before anything is read when the client declares it, else while the file is copied.
Downloads are always attachments with the original name; only known document types keep their
content type, anything else is sent as application/octet-stream.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from halyq.db.civil import Project, ProjectDocument
from halyq.db.models import User
from halyq.web.auth import DbSession
from halyq.web.ui.civil import may_edit, may_read

router = APIRouter(include_in_schema=False)
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
FORM_OVERHEAD = 64 * 1024  # the multipart framing, the title and the CSRF token
CHUNK_BYTES = 1024 * 1024
TOO_LARGE = "the file is larger than 20 MB; split it or compress it, then upload again"
SAFE_TYPES = frozenset(
    {
        "application/pdf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.oasis.opendocument.text",
        "application/zip",
        "image/jpeg",
        "image/png",
    }
)
SHA256_NAME = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class ReceivedFile:
    """An uploaded file, already copied into the store's folder under a temporary name."""

    title: str
    filename: str
    content_type: str | None
    size: int
    sha256: str
    temporary: Path


def document_store(request: Request) -> Path:
    folder: Path = request.app.state.settings.var_dir / "civil"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def safe_filename(name: str | None) -> str:
    """The file's own name without folders or control characters: "..\\a/б.pdf" → "б.pdf"."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip(" .")
    return base[-255:] or "document"


async def received_file(request: Request) -> ReceivedFile:
    """Read the posted form's file into the store, refusing more than 20 MB (413)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_DOCUMENT_BYTES + FORM_OVERHEAD:
        raise HTTPException(status_code=413, detail=TOO_LARGE)
    async with request.form(max_files=1, max_fields=4) as form:
        upload, title = form.get("file"), form.get("title")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise HTTPException(status_code=422, detail="choose a file to upload")
        filename = safe_filename(upload.filename)
        size, digest, temporary = await _copy(upload, document_store(request))
    label = title.strip()[:500] if isinstance(title, str) and title.strip() else filename
    content_type = (upload.content_type or "").split(";")[0].strip().lower()[:255] or None
    return ReceivedFile(label, filename, content_type, size, digest, temporary)


async def _copy(upload: UploadFile, folder: Path) -> tuple[int, str, Path]:
    handle, name = tempfile.mkstemp(dir=folder, prefix=".upload-")
    temporary = Path(name)
    digest, size = hashlib.sha256(), 0
    try:
        with os.fdopen(handle, "wb") as out:
            while chunk := await upload.read(CHUNK_BYTES):
                size += len(chunk)
                if size > MAX_DOCUMENT_BYTES:
                    raise HTTPException(status_code=413, detail=TOO_LARGE)
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return size, digest.hexdigest(), temporary


@router.post("/civil/projects/{project_id:int}/documents")
def upload_document(
    project_id: int,
    request: Request,
    session: DbSession,
    _user: User = Depends(may_edit),
    received: ReceivedFile = Depends(received_file),
) -> Response:
    try:
        if session.get(Project, project_id) is None:
            raise HTTPException(status_code=404, detail=f"no project {project_id}")
        target = document_store(request) / received.sha256
        if target.exists():
            received.temporary.unlink()
        else:
            received.temporary.replace(target)
        session.add(
            ProjectDocument(
                project_id=project_id,
                title=received.title,
                filename=received.filename,
                content_type=received.content_type,
                size=received.size,
                sha256=received.sha256,
            )
        )
    finally:
        received.temporary.unlink(missing_ok=True)
    return RedirectResponse(f"/civil/projects/{project_id}", status_code=303)


@router.get("/civil/projects/{project_id:int}/documents/{document_id:int}")
def download_document(
    project_id: int,
    document_id: int,
    request: Request,
    session: DbSession,
    _user: User = Depends(may_read),
) -> Response:
    document = session.get(ProjectDocument, document_id)
    if document is None or document.project_id != project_id:
        raise HTTPException(status_code=404, detail=f"no document {document_id}")
    path = document_store(request) / (document.sha256 or "")
    if not SHA256_NAME.fullmatch(document.sha256 or "") or not path.is_file():
        raise HTTPException(status_code=404, detail="the document's file is missing from var/")
    media_type = document.content_type if document.content_type in SAFE_TYPES else None
    return FileResponse(
        path,
        filename=document.filename or "document",
        media_type=media_type or "application/octet-stream",
        content_disposition_type="attachment",
    )
