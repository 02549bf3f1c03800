"""Text files are UTF-8 (a byte-order mark is allowed); anything else is refused, naming the
first byte that is not."""

from __future__ import annotations

from refuge.coi.errors import UnreadableFile


def decode(file_name: str, data: bytes) -> str:
    if b"\x00" in data:
        raise UnreadableFile(file_name, "this is a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            file_name,
            f"the text is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8 and add it again",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
