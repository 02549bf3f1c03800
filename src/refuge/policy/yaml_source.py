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


@dataclass(slots=True)
class Document:
    data: Any
    marks: dict[Path, Mark] = field(default_factory=dict)

    def mark(self, path: Path) -> Mark:
        """The mark of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            found = self.marks.get(path[:end])
            if found is not None:
                return found
        return Mark(1, 1)


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
    if root is None:
        raise YamlProblem("the file is empty", Mark(1, 1), "empty-file")
    doc = Document(data=None)
    doc.data = _build(root, (), doc)
    return doc


_SCALARS = yaml.SafeLoader("")


def _build(node: yaml.Node, path: Path, doc: Document) -> Any:
    style = node.style if isinstance(node, yaml.ScalarNode) else None
    doc.marks[path] = Mark(node.start_mark.line + 1, node.start_mark.column + 1, style)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _SCALARS.construct_object(key_node)
            if not isinstance(key, str | int | bool):
                raise YamlProblem("mapping keys must be plain words", _mark(key_node), "bad-key")
            if key in out:
                raise YamlProblem(
                    f"key {key!r} appears twice in this mapping; keep one",
                    _mark(key_node),
                    "duplicate-key",
                )
            out[key] = _build(value_node, (*path, str(key)), doc)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), doc) for i, item in enumerate(node.value)]
    if node.tag.startswith("tag:yaml.org,2002:") or node.tag == "!":
        try:
            return _SCALARS.construct_object(node)
        except yaml.YAMLError as exc:
            raise YamlProblem(f"cannot read this value: {exc}", _mark(node), "yaml-value") from None
    raise YamlProblem(f"YAML tag {node.tag!r} is not allowed", _mark(node), "yaml-tag")


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)
