from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, Response, UploadFile
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict

from app.auth.dependencies import require
from app.auth.models import User
from app.auth.permissions import Action, Resource
from app.clients.models import Client
from app.core.concurrency import IfMatch, check_if_match, set_etag
from app.core.errors import NOT_FOUND, PROTECTED_RESPONSES, STALE, STORAGE_FULL, ErrorBody
from app.core.logging import logger
from app.core.validation import IdParam
from app.db import SessionDep, get_or_404
from app.documents.models import Document
from app.documents.screening import ALLOWED_EXTENSIONS, RejectedUploadError, screen
from app.properties.models import Property

# A download is served with the type its extension was accepted as (screening.py), so each of
# those types is documented, not a generic octet-stream.
DOWNLOAD_RESPONSE: dict[str, Any] = {
    "description": "The stored file, as an attachment",
    "content": {
        media_type: {"schema": {"type": "string", "format": "binary"}}
        # application/octet-stream is never served now; it stays listed for clients generated
        # from earlier versions of this document, which named only that type.
        for media_type in sorted({*ALLOWED_EXTENSIONS.values(), "application/octet-stream"})
    },
}

router = APIRouter(prefix="/api/documents", tags=["documents"], responses=PROTECTED_RESPONSES)
CanCreate = Annotated[User, Depends(require(Resource.documents, Action.create))]
CanRead = Annotated[User, Depends(require(Resource.documents, Action.read))]
CanDelete = Annotated[User, Depends(require(Resource.documents, Action.delete))]
_CHUNK = 64 * 1024


class DocumentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    original_filename: str
    content_type: str
    size_bytes: int
    sha256: str
    property_id: int | None
    client_id: int | None


def _upload_dir(request: Request) -> Path:
    directory = Path(request.app.state.settings.upload_dir)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@router.post(
    "",
    status_code=201,
    responses=NOT_FOUND
    | STORAGE_FULL
    | {
        413: {"model": ErrorBody, "description": "File too large"},
        415: {"model": ErrorBody, "description": "File type not allowed"},
    },
)
async def upload(
    request: Request,
    session: SessionDep,
    _user: CanCreate,
    file: Annotated[UploadFile, File(description="PDF, image, office or plain-text document")],
    property_id: Annotated[IdParam | None, Form()] = None,
    client_id: Annotated[IdParam | None, Form()] = None,
) -> DocumentOut:
    """Store a document under a random name. Executables are refused by extension *and* by
    content; anything over MAX_UPLOAD_BYTES answers 413; a full disk 507, with nothing kept."""
    limit: int = request.app.state.settings.max_upload_bytes
    head = await file.read(512)
    try:
        accepted = screen(file.filename, head)
    except RejectedUploadError as error:
        logger.warning("upload_rejected", reason=str(error))
        raise HTTPException(status_code=415, detail=str(error)) from None
    if property_id is not None:
        get_or_404(session, Property, property_id)
    if client_id is not None:
        get_or_404(session, Client, client_id)

    stored_name = f"{secrets.token_hex(16)}.{accepted.extension}"
    target = _upload_dir(request) / stored_name
    digest = hashlib.sha256()
    size = 0
    try:
        with target.open("xb") as out:
            chunk = head
            while chunk:
                size += len(chunk)
                if size > limit:
                    raise HTTPException(status_code=413, detail=f"file exceeds {limit} bytes")
                digest.update(chunk)
                out.write(chunk)
                chunk = await file.read(_CHUNK)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    os.chmod(target, 0o600)
    document = Document(
        original_filename=accepted.filename,
        stored_name=stored_name,
        content_type=accepted.content_type,
        size_bytes=size,
        sha256=digest.hexdigest(),
        property_id=property_id,
        client_id=client_id,
    )
    session.add(document)
    try:
        session.commit()
    except BaseException:
        # The row was not saved, so the file must not stay behind either.
        target.unlink(missing_ok=True)
        raise
    logger.info("document_stored", document_id=document.id, size_bytes=size)
    return DocumentOut.model_validate(document)


@router.get("/{document_id}", responses=NOT_FOUND)
def get(
    document_id: IdParam, session: SessionDep, response: Response, _user: CanRead
) -> DocumentOut:
    document = get_or_404(session, Document, document_id)
    set_etag(response, document)
    return DocumentOut.model_validate(document)


@router.get(
    "/{document_id}/content",
    response_class=FileResponse,
    responses=NOT_FOUND | {200: DOWNLOAD_RESPONSE},
)
def download(
    document_id: IdParam, request: Request, session: SessionDep, _user: CanRead
) -> FileResponse:
    """Always an attachment (never rendered inline by the browser)."""
    document = get_or_404(session, Document, document_id)
    return FileResponse(
        _upload_dir(request) / document.stored_name,
        media_type=document.content_type,
        filename=document.original_filename,
        content_disposition_type="attachment",
    )


@router.delete("/{document_id}", status_code=204, responses=NOT_FOUND | STALE)
def delete(
    document_id: IdParam,
    request: Request,
    session: SessionDep,
    _user: CanDelete,
    if_match: IfMatch = None,
) -> Response:
    """Delete the record, then the stored file (a crash in between leaves an orphan file on
    disk, never a record pointing at a missing file)."""
    document = get_or_404(session, Document, document_id)
    check_if_match(if_match, document)
    stored_name = document.stored_name
    session.delete(document)
    session.commit()
    (_upload_dir(request) / stored_name).unlink(missing_ok=True)
    logger.info("document_deleted", document_id=document_id)
    return Response(status_code=204)
