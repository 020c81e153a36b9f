"""FR-032: uploads refuse executables by content and by extension, are size-limited and are
stored under random names."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from app.documents.screening import RejectedUploadError, clean_filename, screen
from tests.conftest import AppFactory
from tests.helpers import new_client, new_property

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

EXECUTABLE_CONTENT = {
    "elf": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56,
    "pe": b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56,
    "macho64": b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + b"\x00" * 56,
    "macho32_be": b"\xfe\xed\xfa\xce" + b"\x00" * 60,
    "fat": b"\xca\xfe\xba\xbe" + b"\x00" * 60,
    "shebang": b"#!/bin/sh\nrm -rf /\n",
    "shebang_after_blank_line": b"\n\n#!/usr/bin/env python3\nimport os\n",
    "shebang_with_bom": b"\xef\xbb\xbf#!/bin/bash\necho hi\n",
}


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (f"lease-{kind}.{ext}", blob)
        for kind, blob in EXECUTABLE_CONTENT.items()
        for ext in ("pdf", "txt")
    ],
)
def test_executable_content_is_rejected_whatever_the_name(
    client: TestClient, name: str, content: bytes
) -> None:
    response = client.post("/api/documents", files={"file": (name, content, "application/pdf")})
    assert response.status_code == 415
    detail = response.json()["detail"]
    assert "executable" in detail or "does not look like" in detail


@pytest.mark.parametrize(
    "name",
    [
        "setup.exe",
        "run.bat",
        "run.cmd",
        "script.ps1",
        "install.sh",
        "app.js",
        "payload.vbs",
        "lib.dll",
        "tool.jar",
        "page.html",
        "image.svg",
        "lease.pdf.exe",
        "lease.exe.pdf",
        "LEASE.PDF.EXE",
        "archive.zip",
        "noextension",
        "trailingdot.",
    ],
)
def test_disallowed_extensions_are_rejected(client: TestClient, name: str) -> None:
    response = client.post("/api/documents", files={"file": (name, PDF, "application/pdf")})
    assert response.status_code == 415, name


def test_valid_document_is_stored_under_a_random_name(client: TestClient, tmp_path: Path) -> None:
    prop = new_property(client)
    person = new_client(client)
    response = client.post(
        "/api/documents",
        files={"file": ("Tenancy agreement – O'Brien.pdf", PDF, "application/pdf")},
        data={"property_id": str(prop["id"]), "client_id": str(person["id"])},
    )
    assert response.status_code == 201, response.text
    document = response.json()
    assert document["original_filename"] == "Tenancy agreement – O'Brien.pdf"
    assert document["size_bytes"] == len(PDF)
    assert document["content_type"] == "application/pdf"
    stored = list((tmp_path / "uploads").iterdir())
    assert len(stored) == 1
    assert "O'Brien" not in stored[0].name and stored[0].suffix == ".pdf"
    assert len(stored[0].stem) == 32
    assert stored[0].read_bytes() == PDF
    assert oct(os.stat(stored[0]).st_mode & 0o777) == "0o600"

    meta = client.get(f"/api/documents/{document['id']}").json()
    assert meta == document
    download = client.get(f"/api/documents/{document['id']}/content")
    assert download.status_code == 200
    assert download.content == PDF
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["x-content-type-options"] == "nosniff"


def test_text_and_images_are_accepted(client: TestClient) -> None:
    for name, content in (("notes.txt", "Zoë’s notes ✓".encode()), ("photo.png", PNG)):
        response = client.post("/api/documents", files={"file": (name, content, "x/y")})
        assert response.status_code == 201, name


def test_content_must_match_the_extension(client: TestClient) -> None:
    response = client.post("/api/documents", files={"file": ("photo.png", PDF, "image/png")})
    assert response.status_code == 415
    binary_text = client.post(
        "/api/documents", files={"file": ("notes.txt", b"\xff\xfe\x00\x01" * 20, "text/plain")}
    )
    assert binary_text.status_code == 415


def test_size_limit(make_client: AppFactory, tmp_path: Path) -> None:
    client = make_client(max_upload_bytes=1024)
    response = client.post(
        "/api/documents", files={"file": ("big.pdf", PDF + b"0" * 2048, "application/pdf")}
    )
    assert response.status_code == 413
    assert list((tmp_path / "uploads").iterdir()) == []  # partial file removed
    ok = client.post("/api/documents", files={"file": ("small.pdf", PDF, "application/pdf")})
    assert ok.status_code == 201


def test_unknown_references_and_documents(client: TestClient) -> None:
    files = {"file": ("a.pdf", PDF, "application/pdf")}
    assert (
        client.post("/api/documents", files=files, data={"property_id": "999"}).status_code == 404
    )
    assert client.post("/api/documents", files=files, data={"client_id": "999"}).status_code == 404
    assert client.get("/api/documents/999").status_code == 404
    assert client.get("/api/documents/999/content").status_code == 404


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("../../etc/passwd.txt", "passwd.txt"), ("C:\\Users\\x\\lease.pdf", "lease.pdf")],
)
def test_paths_are_stripped_from_file_names(raw: str, expected: str) -> None:
    assert clean_filename(raw) == expected


@pytest.mark.parametrize(
    "raw", [None, "", "..", "a/", "bad\x00name.pdf", "rtl\u202efdp.exe", "x" * 256]
)
def test_unusable_file_names(raw: str | None) -> None:
    with pytest.raises(RejectedUploadError):
        clean_filename(raw)


def test_screen_accepts_office_and_csv() -> None:
    assert screen("sheet.xlsx", b"PK\x03\x04rest").content_type.endswith("spreadsheetml.sheet")
    assert screen("data.csv", "name,city\nZoë,Köln\n".encode()).content_type == "text/csv"


def test_oversized_body_is_refused_before_it_is_read(make_client: AppFactory) -> None:
    client = make_client(max_upload_bytes=1024)
    huge = b"%PDF-" + b"0" * (200 * 1024)
    response = client.post("/api/documents", files={"file": ("huge.pdf", huge, "application/pdf")})
    assert response.status_code == 413
    assert response.headers["x-content-type-options"] == "nosniff"
    bad_length = client.post("/api/clients", content=b"{}", headers={"Content-Length": "abc"})
    assert bad_length.status_code == 413


def test_streamed_body_without_length_is_cut_off() -> None:
    import asyncio

    from app.core.body_limit import BodySizeLimitMiddleware

    async def app(scope: object, receive: Any, send: Any) -> None:
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def run(chunks: int) -> list[int]:
        sent: list[Any] = []
        queue = [
            {"type": "http.request", "body": b"x" * 100, "more_body": i < chunks - 1}
            for i in range(chunks)
        ]

        async def receive() -> Any:
            return queue.pop(0)

        async def send(message: Any) -> None:
            sent.append(message)

        middleware = BodySizeLimitMiddleware(app, max_bytes=250)
        await middleware({"type": "http", "headers": []}, receive, send)
        return [m["status"] for m in sent if m["type"] == "http.response.start"]

    assert asyncio.run(run(2)) == [200]
    assert asyncio.run(run(3)) == [413]
