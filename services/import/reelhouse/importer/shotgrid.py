"""ShotGrid dumps (JSON lists of ShotGrid records, as Zou's ``/import/shotgun``
routes take them) translated to the records the owning services import.

Each kind reads the ShotGrid fields below; references (``project``,
``sg_sequence``, ``step``, ...) are ShotGrid ids that production_tracking maps
to ours through the ``shotgun_id`` it keeps on every imported record.
"""

import json

from marshmallow import EXCLUDE, Schema, ValidationError, fields

from reelhouse.shared.validation import StrictInteger

MAX_KEPT_RECORD_CHARACTERS = 10_000  # a refused record is kept (for its error) up to this size

# Our field -> the ShotGrid field(s) it comes from, the first present wins; "x.id" reads a reference.
FIELDS = {
    "projects": {"name": ("name",)},
    "episodes": {"name": ("code",), "description": ("description",), "project": ("project.id",)},
    "sequences": {"name": ("code",), "description": ("description",), "project": ("project.id",),
                  "episode": ("episode.id", "sg_episode.id")},
    "scenes": {"name": ("code",), "description": ("description",), "project": ("project.id",),
               "sequence": ("sg_sequence.id", "sequence.id")},
    "shots": {"name": ("code",), "description": ("description",), "project": ("project.id",),
              "sequence": ("sg_sequence.id", "sequence.id"), "frame_in": ("sg_cut_in",),
              "frame_out": ("sg_cut_out",), "nb_frames": ("sg_cut_duration",)},
    "assets": {"name": ("code",), "description": ("description",), "project": ("project.id",),
               "asset_type": ("sg_asset_type",)},
    "steps": {"name": ("code",), "short_name": ("short_name",), "color": ("color",),
              "for_entity": ("entity_type",)},
    "status": {"name": ("name",), "short_name": ("code",), "color": ("bg_color",)},
    "tasks": {"name": ("content", "cached_display_name"), "project": ("project.id",), "entity": ("entity",),
              "step": ("step.id",), "status": ("sg_status_list",), "start_date": ("start_date",),
              "due_date": ("due_date",)},
    "persons": {"first_name": ("firstname",), "last_name": ("lastname",), "email": ("email",),
                "role": ("permission_rule_set.name",)},
}
KINDS = tuple(FIELDS)
# ShotGrid permission rule sets -> Zou roles; any other set gives an artist.
ROLES = {"admin": "admin", "manager": "manager", "supervisor": "supervisor", "client": "client",
         "vendor": "vendor", "artist": "user"}


class Reference(Schema):
    class Meta:
        unknown = EXCLUDE

    id = StrictInteger(required=True)
    type = fields.String(load_default=None)
    name = fields.String(load_default=None, allow_none=True)


class ShotgridBase(Schema):
    """What every ShotGrid record needs; the fields each kind reads are checked as they are read."""

    class Meta:
        unknown = EXCLUDE

    id = StrictInteger(required=True)


def _pick(record: dict, paths) -> tuple[str, object]:
    for path in paths:
        head, _, tail = path.partition(".")
        value = record.get(head)
        if value is None:
            continue
        if tail:
            try:
                value = Reference().load(value)[tail]
            except (ValidationError, TypeError):
                raise ValueError(head, "Must be a reference {id, type}.") from None
        return head, value
    return paths[0].partition(".")[0], None


def _checked(our: str, shotgun_field: str, value):
    if value is None:
        return None
    if our == "entity":
        try:
            return Reference().load(value)
        except ValidationError:
            raise ValueError(shotgun_field, "Must be a reference {id, type}.") from None
    if our in ("frame_in", "frame_out", "nb_frames", "project", "episode", "sequence", "step"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(shotgun_field, "Must be a whole number.")
        return value
    if not isinstance(value, str):
        raise ValueError(shotgun_field, "Must be a string.")
    if our == "role":
        return ROLES.get(value.strip().lower(), "user")
    return value


def translate(kind: str, records) -> tuple[list, list]:
    """``(rows, errors)``: our rows (``row`` is the record's 1-based place) and per-record errors."""
    rows, errors = [], []
    for index, record in enumerate(records, start=1):
        try:
            shotgun_id = ShotgridBase().load(record)["id"] if isinstance(record, dict) else None
        except ValidationError:
            shotgun_id = None
        if shotgun_id is None:
            errors.append({"row": index, "column": "id", "message": "A ShotGrid record needs its id (a number)."})
            continue
        row = {"row": index} if kind == "persons" else {"row": index, "shotgun_id": shotgun_id}
        try:
            for our, paths in FIELDS[kind].items():
                shotgun_field, value = _pick(record, paths)
                row[our] = _checked(our, shotgun_field, value)
        except ValueError as problem:
            errors.append({"row": index, "column": problem.args[0], "message": problem.args[1]})
            continue
        if kind == "tasks" and not row["name"]:
            row["name"] = "main"
        required = "email" if kind == "persons" else "name"
        if not row[required]:
            errors.append({"row": index, "column": FIELDS[kind][required][0], "message": "Missing value."})
            continue
        rows.append(row)
    return rows, errors


def kept_record(record) -> dict:
    """A refused record as an error keeps it: whole when small, else cut to its id."""
    text = json.dumps(record, default=str)
    if len(text) <= MAX_KEPT_RECORD_CHARACTERS:
        return record if isinstance(record, dict) else {"value": record}
    return {"id": record.get("id") if isinstance(record, dict) else None, "truncated": True}
