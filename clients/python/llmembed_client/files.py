"""Labelled rows from JSONL or CSV, read as the CLI reads them (llmembed import)."""

from __future__ import annotations

import csv
import hashlib
import json
import os
from dataclasses import dataclass
from typing import Iterator, Optional


@dataclass(frozen=True)
class Row:
    text: str
    label: str
    split: Optional[str]
    line: int


class FileFormatError(ValueError):
    """A malformed row, named by file and line."""

    def __init__(self, path: str, line: int, problem: str) -> None:
        super().__init__(f"{path}:{line}: {problem}")
        self.path = path
        self.line = line


def read_rows(path: str) -> Iterator[Row]:
    """JSONL (.jsonl/.ndjson: {"text", "label"[, "split"]} per line) or CSV (.csv: header text,label[,split])."""
    extension = os.path.splitext(path)[1].lower()
    if extension in (".jsonl", ".ndjson"):
        return _jsonl(path)
    if extension == ".csv":
        return _csv(path)
    raise ValueError(f"{path}: unsupported file type '{extension}'; expected .jsonl, .ndjson or .csv.")


def import_id(path: str, split: Optional[str]) -> str:
    """The CLI's id for an import of this file: its content hash and the split, so either tool resumes the other's."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return f"{digest.hexdigest()[:32]}:{split or 'all'}"


def _jsonl(path: str) -> Iterator[Row]:
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as e:
                raise FileFormatError(path, number, f"bad JSON: {e.msg}") from None
            if not isinstance(value, dict):
                raise FileFormatError(path, number, "expected a JSON object.")
            text, label = value.get("text"), value.get("label")
            if not isinstance(text, str):
                raise FileFormatError(path, number, 'missing text: "text" must be a string.')
            if isinstance(label, (int, float)) and not isinstance(label, bool):
                label = json.dumps(label)  # numeric class ids keep their JSON spelling, as in the CLI
            if not isinstance(label, str):
                raise FileFormatError(path, number, 'bad label: "label" must be a string or a number.')
            yield _row(path, number, text, label, value.get("split"))


def _csv(path: str) -> Iterator[Row]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = [h.strip().lower() for h in next(reader, [])]
        if header not in (["text", "label"], ["text", "label", "split"]):
            raise FileFormatError(path, 1, f"the header must be 'text,label' or 'text,label,split', found '{','.join(header)}'.")
        for fields in reader:
            if len(fields) != len(header):
                raise FileFormatError(path, reader.line_num, f"wrong column count: expected {len(header)}, found {len(fields)}.")
            yield _row(path, reader.line_num, fields[0], fields[1], fields[2] if len(fields) == 3 else None)


def _row(path: str, line: int, text: str, label: str, split: object) -> Row:
    if not text.strip():
        raise FileFormatError(path, line, "missing text: the text is empty.")
    if not label.strip():
        raise FileFormatError(path, line, "empty label.")
    if split is not None and not isinstance(split, str):
        raise FileFormatError(path, line, 'bad split value: "split" must be "train" or "test".')
    normalized = (split or "").strip().lower() or None
    if normalized not in (None, "train", "test"):
        raise FileFormatError(path, line, f"bad split value '{split}': expected \"train\" or \"test\".")
    return Row(text, label.strip(), normalized, line)
