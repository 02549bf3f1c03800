"""Where a publication made on the server is kept: each publication of a library document (the
HTML page, the PDF and the inventory as CSV and JSON, as `refuge.coi.publishing` made them) in
a folder of its own, `publications/<document>/<publication>/` under REFUGE_HOME (or the folder
REFUGE_PUBLICATIONS names), with a manifest saying which document and revision it is, under
which Woo decision, on which day, by whom, and its files.

A file is read back by the publication's id and one of the names its manifest lists (the
document's reference and revision with one of four fixed endings), never by a path. The files
are written into a hidden folder first and it is renamed into place, so a publication is there
with all its files or not at all."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from refuge.coi.publishing import PublishedFiles
from refuge.store.settings import refuge_home

ENV = "REFUGE_PUBLICATIONS"
MANIFEST = "publication.json"
# what `publish_document` writes for a document REF revision N: REF-rN plus one of these
ENDINGS = (".html", ".pdf", ".inventory.csv", ".inventory.json")


@dataclass(frozen=True, slots=True)
class StoredPublication:
    id: uuid.UUID
    document_id: uuid.UUID
    reference: str
    revision: int
    woo_decision: str
    published_on: date
    redactions: int
    published_by: str
    published_at: datetime
    files: tuple[str, ...]


def folder() -> Path:
    """The folder that holds every publication (made on first use)."""
    configured = os.environ.get(ENV)
    return Path(configured) if configured else refuge_home() / "publications"


def keep(published: PublishedFiles, by: str, at: datetime) -> StoredPublication:
    """Write the files of `published` and its manifest; every file or none (OSError)."""
    stored = StoredPublication(
        id=uuid.uuid4(),
        document_id=published.document_id,
        reference=published.reference,
        revision=published.revision,
        woo_decision=published.woo_decision,
        published_on=published.published_on,
        redactions=published.redactions,
        published_by=by,
        published_at=at,
        files=tuple(
            n for n in published.files if _named(published.reference, published.revision, n)
        ),
    )
    parent = folder() / str(published.document_id)
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=parent, prefix=".publishing-"))
    try:
        for name in stored.files:
            (staging / name).write_bytes(published.files[name])
        (staging / MANIFEST).write_text(json.dumps(_manifest(stored), indent=2), encoding="utf-8")
        staging.chmod(0o755)  # a publication is public
        staging.rename(parent / str(stored.id))
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return stored


def of_document(document_id: uuid.UUID) -> list[StoredPublication]:
    """The publications of one document, the newest first."""
    parent = folder() / str(document_id)
    if not parent.is_dir():
        return []
    found = [_read(path / MANIFEST) for path in parent.iterdir() if not path.name.startswith(".")]
    return sorted((p for p in found if p), key=lambda p: p.published_at, reverse=True)


def find(publication_id: uuid.UUID) -> StoredPublication | None:
    base = folder()
    if not base.is_dir():
        return None
    for parent in base.iterdir():
        manifest = parent / str(publication_id) / MANIFEST
        if manifest.is_file():
            return _read(manifest)
    return None


def read(publication: StoredPublication, name: str) -> bytes | None:
    """The file `name` of the publication; None when it lists no file of that name."""
    if name not in publication.files or not _named(
        publication.reference, publication.revision, name
    ):
        return None
    path = folder() / str(publication.document_id) / str(publication.id) / name
    try:
        return path.read_bytes()
    except OSError:
        return None


def _named(reference: str, revision: int, name: str) -> bool:
    """`name` is one of the four files of that revision (so never a path)."""
    stem = f"{reference}-r{revision}"
    return "/" not in stem and any(name == stem + ending for ending in ENDINGS)


def _manifest(p: StoredPublication) -> dict[str, object]:
    return {
        "id": str(p.id),
        "documentId": str(p.document_id),
        "reference": p.reference,
        "revision": p.revision,
        "wooDecision": p.woo_decision,
        "publishedOn": p.published_on.isoformat(),
        "redactions": p.redactions,
        "publishedBy": p.published_by,
        "publishedAt": p.published_at.isoformat(),
        "files": list(p.files),
    }


def _read(manifest: Path) -> StoredPublication | None:
    """The manifest's publication; None for one that cannot be read (left out, not fatal)."""
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        return StoredPublication(
            id=uuid.UUID(data["id"]),
            document_id=uuid.UUID(data["documentId"]),
            reference=str(data["reference"]),
            revision=int(data["revision"]),
            woo_decision=str(data["wooDecision"]),
            published_on=date.fromisoformat(data["publishedOn"]),
            redactions=int(data["redactions"]),
            published_by=str(data["publishedBy"]),
            published_at=datetime.fromisoformat(data["publishedAt"]),
            files=tuple(str(f) for f in data["files"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
