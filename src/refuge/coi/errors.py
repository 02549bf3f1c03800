"""Errors of the report library. Each has a stable `code`, an HTTP `status` and a message that
says what is wrong, where (the file, the field) and what to do. They are casework errors, so
the API renders them as problem+json like every other refusal."""

from __future__ import annotations

from refuge.casework.errors import CaseworkError


class CoiError(CaseworkError):
    code = "coi-error"
    status = 400


class UnsupportedFile(CoiError):
    code = "unsupported-file-type"
    status = 415

    def __init__(self, file_name: str, suffix: str) -> None:
        shown = suffix or "(no extension)"
        super().__init__(
            f"{file_name}: files of type {shown} cannot be added; add a .txt, .md, .docx or "
            ".pdf file (a PDF with a text layer)"
        )


class UnreadableFile(CoiError):
    code = "unreadable-file"
    status = 422

    def __init__(self, file_name: str, why: str) -> None:
        super().__init__(f"{file_name}: {why}; nothing was stored")


class NoTextLayer(CoiError):
    code = "no-text-layer"
    status = 422

    def __init__(self, file_name: str, pages: int) -> None:
        super().__init__(
            f"{file_name}: this PDF has no text layer ({pages} page(s) without any text: a scan "
            "or images only); run text recognition (OCR) on it first, or add the text as a "
            ".docx or .txt file; nothing was stored"
        )


class InvalidMetadata(CoiError):
    """A metadata field is wrong; `field` names it (the CLI option and the API form field)."""

    code = "invalid-document-metadata"
    status = 400

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}; nothing was stored")
        self.field = field
        self.extra = {
            "invalid_params": [{"name": f"body:{field}", "reason": message, "code": self.code}]
        }


class AlreadyInLibrary(CoiError):
    """The same file is in the library already, with other metadata than was sent."""

    code = "document-already-in-library"
    status = 409

    def __init__(self, reference: str, revision: int, fields: list[str]) -> None:
        super().__init__(
            f"this file is already in the library as {reference} (revision {revision}) with "
            f"other {', '.join(fields)}; the same file is stored once: leave out those "
            "fields, or send them as stored"
        )
        self.extra = {"reference": reference, "revision": revision, "fields": fields}
