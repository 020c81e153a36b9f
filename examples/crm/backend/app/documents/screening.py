"""Decides whether an uploaded file may be stored (ASVS 5.2.2).

Two independent checks, both must pass:
* the name: every extension in it (``lease.pdf.exe`` has two) must be on the allow-list, and
  none on the executable deny-list — so a renamed ``.exe`` and a double extension both fail;
* the content: the first bytes must not be an executable signature (ELF, PE/MZ, Mach-O incl.
  fat binaries, shebang scripts), whatever the name says, and must match what the extension
  claims for the binary formats we accept.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

ALLOWED_EXTENSIONS: dict[str, str] = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "txt": "text/plain",
    "csv": "text/csv",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
}
EXECUTABLE_EXTENSIONS = frozenset(
    [
        "exe",
        "dll",
        "com",
        "scr",
        "msi",
        "msp",
        "bat",
        "cmd",
        "ps1",
        "psm1",
        "vbs",
        "vbe",
        "js",
        "jse",
        "mjs",
        "cjs",
        "wsf",
        "wsh",
        "hta",
        "cpl",
        "jar",
        "sh",
        "bash",
        "zsh",
        "csh",
        "ksh",
        "fish",
        "py",
        "pyc",
        "pyw",
        "pl",
        "rb",
        "php",
        "phtml",
        "lua",
        "elf",
        "bin",
        "run",
        "out",
        "app",
        "dmg",
        "pkg",
        "deb",
        "rpm",
        "apk",
        "so",
        "dylib",
        "lnk",
        "reg",
        "inf",
        "gadget",
        "appx",
        "msix",
        "iso",
        "svg",
        "html",
        "htm",
        "xhtml",
    ]
)
EXECUTABLE_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows PE/MZ executable"),
    (b"\xfe\xed\xfa\xce", "Mach-O executable"),
    (b"\xfe\xed\xfa\xcf", "Mach-O executable"),
    (b"\xce\xfa\xed\xfe", "Mach-O executable"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\xca\xfe\xba\xbe", "Mach-O universal binary / Java class"),
    (b"#!", "script with a shebang line"),
    (b"\xef\xbb\xbf#!", "script with a shebang line"),
)
# Binary formats must start with their own magic number; text formats must be UTF-8 text.
_MAGIC: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
}


class RejectedUploadError(Exception):
    """The file may not be stored; the message says why."""


@dataclass(frozen=True)
class AcceptedFile:
    filename: str
    extension: str
    content_type: str


def clean_filename(raw: str | None) -> str:
    if not raw:
        raise RejectedUploadError("file name is missing")
    name = raw.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name or name in (".", ".."):
        raise RejectedUploadError("file name is missing")
    if any(unicodedata.category(char) in ("Cc", "Cf") for char in name):
        raise RejectedUploadError("file name contains control characters")
    if len(name) > 255:
        raise RejectedUploadError("file name is too long")
    return name


def screen(raw_filename: str | None, head: bytes) -> AcceptedFile:
    """Accept or reject a file from its name and its first bytes (``head``, ≥ 8 bytes)."""
    filename = clean_filename(raw_filename)
    parts = filename.lower().split(".")
    if len(parts) < 2 or not parts[-1]:
        raise RejectedUploadError("file has no extension")
    extensions = [part.strip() for part in parts[1:]]
    for extension in extensions:
        if extension in EXECUTABLE_EXTENSIONS:
            raise RejectedUploadError(f"executable file type .{extension} is not allowed")
    final = extensions[-1]
    if final not in ALLOWED_EXTENSIONS:
        allowed = ", ".join(sorted(ALLOWED_EXTENSIONS))
        raise RejectedUploadError(f"file type .{final} is not allowed (allowed: {allowed})")
    stripped = head.lstrip(b"\x00\t\r\n ") if final in ("txt", "csv") else head
    for signature, label in EXECUTABLE_SIGNATURES:
        if stripped.startswith(signature):
            raise RejectedUploadError(f"content is an executable ({label})")
    magics = _MAGIC.get(final)
    if magics is not None and not head.startswith(magics):
        raise RejectedUploadError(f"content does not look like a .{final} file")
    if magics is None:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # The head may cut a multi-byte character in half; only earlier errors count.
            if error.start < len(head) - 4:
                raise RejectedUploadError(
                    f"content of a .{final} file must be UTF-8 text"
                ) from None
    return AcceptedFile(filename=filename, extension=final, content_type=ALLOWED_EXTENSIONS[final])
