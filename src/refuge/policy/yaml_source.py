"""Read YAML keeping where every value stands, so that errors can name file:line:column."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based
    style: str | None = None  # YAML scalar style: None (plain), "'", '"', "|", ">"
    start: int = 0  # where the node's text starts and ends in the file, in characters
    end: int = 0


@dataclass(slots=True)
class Document:
    data: Any
    marks: dict[Path, Mark] = field(default_factory=dict)
    text: str = ""

    def mark(self, path: Path) -> Mark:
        """The mark of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            found = self.marks.get(path[:end])
            if found is not None:
                return found
        return Mark(1, 1)

    def locate(self, path: Path, line: int, column: int) -> tuple[int, int]:
        """The file position of (line, column), 1-based, inside the string value at `path`:
        follows quotes, block scalars (`|`, `>`) and lines that YAML folded into one."""
        mark, value = self.mark(path), self._value(path)
        if mark != self.marks.get(path) or not isinstance(value, str):
            return mark.line, mark.column
        lines = value.split("\n")
        offset = sum(len(x) + 1 for x in lines[: line - 1]) + column - 1
        past_end = max(offset - len(value) + 1, 0)  # "the text ended too soon"
        if offset - past_end < 0:
            return mark.line, mark.column
        j = mark.start
        if mark.style in ("|", ">"):  # the text starts on the line after the indicator
            j = self.text.find("\n", j, mark.end) + 1 or mark.end
        elif mark.style in ("'", '"'):
            j += 1
        # Every character of the value stands in the file in order; what YAML dropped or
        # folded (indentation, line breaks, quotes) is skipped.
        for char in value[: offset + 1 - past_end]:
            while j < mark.end and self.text[j] != char:
                j += 1
            if j >= mark.end:  # escapes in a double-quoted string: point at the string
                return mark.line, mark.column
            j += 1
        j -= 1
        return self.text.count("\n", 0, j) + 1, j - self.text.rfind("\n", 0, j) + past_end

    def _value(self, path: Path) -> Any:
        value = self.data
        for part in path:
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):
                return None
        return value


class YamlProblem(Exception):
    def __init__(self, message: str, mark: Mark, code: str = "yaml-syntax") -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark
        self.code = code


def load_yaml(text: str) -> Document:
    """Parse one YAML document (safe types only) and record the mark of every node."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        where = exc.problem_mark or exc.context_mark
        mark = Mark(where.line + 1, where.column + 1) if where else Mark(1, 1)
        raise YamlProblem(f"not valid YAML: {exc.problem or exc}", mark) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        at = exc.position
        mark = Mark(text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at))
        raise YamlProblem(
            f"not valid YAML: character U+{exc.character:04X} is not allowed; remove it", mark
        ) from None
    if root is None:
        raise YamlProblem("the file is empty", Mark(1, 1), "empty-file")
    doc = Document(data=None, text=text)
    doc.data = _build(root, (), doc, set())
    return doc


# More nodes than this, once aliases are expanded, is no policy pack (a "billion laughs").
MAX_NODES = 200_000


_SCALARS = yaml.SafeLoader("")


def _build(node: yaml.Node, path: Path, doc: Document, open_nodes: set[int]) -> Any:
    style = node.style if isinstance(node, yaml.ScalarNode) else None
    start, end = node.start_mark, node.end_mark
    doc.marks[path] = Mark(start.line + 1, start.column + 1, style, start.index, end.index)
    if len(doc.marks) > MAX_NODES:
        raise YamlProblem(
            f"the file holds more than {MAX_NODES} values; are aliases (*name) expanding?",
            _mark(node),
            "too-large",
        )
    if id(node) in open_nodes:
        raise YamlProblem(
            "an alias (*name) refers to a value that contains it; write the value out",
            _mark(node),
            "recursive-alias",
        )
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        open_nodes.add(id(node))
        try:
            return _collection(node, path, doc, open_nodes)
        finally:
            open_nodes.discard(id(node))
    if node.tag.startswith("tag:yaml.org,2002:") or node.tag == "!":
        try:
            return _SCALARS.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            hint = "; write a date as YYYY-MM-DD" if node.tag.endswith(":timestamp") else ""
            raise YamlProblem(
                f"cannot read this value: {exc}{hint}", _mark(node), "yaml-value"
            ) from None
    raise YamlProblem(f"YAML tag {node.tag!r} is not allowed", _mark(node), "yaml-tag")


def _collection(node: yaml.Node, path: Path, doc: Document, open_nodes: set[int]) -> Any:
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _build(key_node, (*path, "<key>"), doc, open_nodes)
            if not isinstance(key, str | int | bool):
                raise YamlProblem("mapping keys must be plain words", _mark(key_node), "bad-key")
            if key in out:
                raise YamlProblem(
                    f"key {key!r} appears twice in this mapping; keep one",
                    _mark(key_node),
                    "duplicate-key",
                )
            out[key] = _build(value_node, (*path, str(key)), doc, open_nodes)
        return out
    return [_build(item, (*path, i), doc, open_nodes) for i, item in enumerate(node.value)]


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)
