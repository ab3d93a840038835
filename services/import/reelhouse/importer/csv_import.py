"""Kitsu's CSV files read into typed rows, with per-row errors.

Each kind names its columns as Kitsu's spreadsheets do (matched without
regard to case or surrounding spaces); columns a kind does not know (Kitsu
puts task statuses and metadata there) are ignored and reported. The file's
first line is the header, so the first data row is row 2, as a spreadsheet
numbers it.
"""

import csv
import io
from dataclasses import dataclass, field

from reelhouse.shared.errors import BadRequest, PayloadTooLarge

MAX_ROWS = 5000  # production_tracking.bulk.MAX_ROWS: one request's rows
DELIMITERS = ",;\t"


@dataclass(frozen=True)
class Column:
    header: str  # as Kitsu writes it
    key: str  # the row field it fills
    required: bool = False
    integer: bool = False
    default: object = None
    choices: dict | None = None  # spreadsheet label (lower case) -> stored value; others kept as written


# Kitsu shows roles by these names; its files may carry either these or the codes.
ROLE_LABELS = {"studio manager": "admin", "production manager": "manager", "supervisor": "supervisor",
               "artist": "user", "client": "client", "vendor": "vendor"}

KINDS = {
    "assets": (Column("Episode", "episode"), Column("Type", "asset_type", required=True),
               Column("Name", "name", required=True), Column("Description", "description")),
    "shots": (Column("Episode", "episode"), Column("Sequence", "sequence", required=True),
              Column("Name", "name", required=True), Column("Description", "description"),
              Column("Nb Frames", "nb_frames", integer=True), Column("Frame In", "frame_in", integer=True),
              Column("Frame Out", "frame_out", integer=True)),
    "edits": (Column("Episode", "episode"), Column("Name", "name", required=True),
              Column("Description", "description"), Column("Nb Frames", "nb_frames", integer=True)),
    "casting": (Column("Episode", "episode"), Column("Parent", "parent", required=True),
                Column("Name", "name", required=True), Column("Asset Type", "asset_type", required=True),
                Column("Asset", "asset", required=True),
                Column("Occurences", "occurences", integer=True, default=1), Column("Label", "label")),
    "persons": (Column("First Name", "first_name", required=True), Column("Last Name", "last_name"),
                Column("Email", "email", required=True), Column("Phone", "phone"),
                Column("Role", "role", choices=ROLE_LABELS)),
}


@dataclass
class Parsed:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # [{"row", "column", "message"}]
    ignored_columns: list = field(default_factory=list)


def _normal(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").split()).lower()


def _dialect(text: str):
    first_line = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first_line, delimiters=DELIMITERS)
    except csv.Error:  # one column, or nothing to tell: Kitsu's default
        return csv.excel


def parse(kind: str, text: str) -> Parsed:
    """Rows of ``kind`` from ``text``; a bad header or file raises 400, a bad value is a row error."""
    if kind not in KINDS:
        raise BadRequest(f"Unknown import kind '{kind}'.", {"reason": "unknown_kind"})
    if not isinstance(text, str) or not text.strip():
        raise BadRequest("The CSV file is empty.", {"reason": "empty_file"})
    if "\x00" in text:
        raise BadRequest("The file is not CSV text.", {"reason": "bad_encoding"})
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), _dialect(text))
    try:
        header = next(reader)
    except csv.Error as error:
        raise BadRequest(f"The CSV header cannot be read: {error}.", {"reason": "bad_header"}) from None
    columns = KINDS[kind]
    positions = {}
    for index, name in enumerate(header):
        positions.setdefault(_normal(name), index)
    missing = [c.header for c in columns if c.required and _normal(c.header) not in positions]
    if missing:
        raise BadRequest(f"The CSV header lacks the column(s): {', '.join(missing)}.", {
            "reason": "bad_header", "missing_columns": missing, "expected_columns": [c.header for c in columns],
            "found_columns": header})
    known = {_normal(c.header) for c in columns}
    parsed = Parsed(ignored_columns=[name for name in header if _normal(name) not in known and name.strip()])
    try:
        for values in reader:
            if not any(value.strip() for value in values):
                continue  # blank lines, as spreadsheets leave them
            if len(parsed.rows) >= MAX_ROWS:
                raise PayloadTooLarge(f"The file has more than {MAX_ROWS} rows.", {
                    "reason": "too_many_rows", "limit_rows": MAX_ROWS})
            parsed.rows.append(_row(reader.line_num, values, columns, positions, parsed.errors))
    except csv.Error as error:
        raise BadRequest(f"The CSV file is malformed near line {reader.line_num}: {error}.", {
            "reason": "malformed_csv", "line": reader.line_num}) from None
    if not parsed.rows:
        raise BadRequest("The CSV file has a header but no rows.", {"reason": "empty_file"})
    return parsed


def _row(line: int, values: list, columns, positions: dict, errors: list) -> dict:
    row = {"row": line}
    for column in columns:
        index = positions.get(_normal(column.header))
        raw = values[index].strip() if index is not None and index < len(values) else ""
        if not raw:
            if column.required:
                errors.append({"row": line, "column": column.header, "message": "Missing value."})
            row[column.key] = column.default
            continue
        if column.integer:
            try:
                row[column.key] = int(float(raw)) if float(raw).is_integer() else None
            except ValueError:
                row[column.key] = None
            if row[column.key] is None:
                errors.append({"row": line, "column": column.header, "message": f"{raw!r} is not a whole number."})
            continue
        row[column.key] = column.choices.get(raw.lower(), raw) if column.choices else raw
    return row
