"""Shots from an OpenTimelineIO timeline (gazu's ``shot.import_otio``).

Only OTIO's own format is read: a ``.otio`` file is JSON (``Timeline.1`` →
``Stack`` of ``Track``s → ``Clip``/``Gap``/``Transition``), parsed here with
the json module, so the opentimelineio package and its adapters are not a
dependency. Other adapter formats (EDL, FCP XML, AAF, ...) are refused with a
400 saying to convert them with ``otioconvert`` first.

As in Zou: each clip of a video track is a shot. A clip whose name is an
existing shot's name built with the naming convention updates that shot;
otherwise the convention, read as a pattern, gives the sequence and shot
names, and the missing ones are created (with a task per shot task type of
the project). ``frame_in``/``frame_out`` are the clip's place in its track,
``nb_frames`` its duration. Every clip is checked before anything is written.
"""

import json
import os
import re
import uuid
from fractions import Fraction
from string import Template

from sqlalchemy import select

from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import BadRequest, NotFound, ValidationFailed

from . import crud, permissions, production
from .models import Entity, ProjectTaskType, TaskType
from .tenancy import Tenant

MAX_CLIPS = 5000  # the CSV import's bound on one request's rows
OTIO_SUFFIXES = ("", ".otio", ".json")
PLACEHOLDER = re.compile(r"\$\{(\w+)\}|\$(\w+)")
FIELDS = ("project_name", "episode_name", "sequence_name", "shot_name")


def default_convention(with_episode: bool) -> str:
    """gazu's default when the caller names none."""
    if with_episode:
        return "${project_name}_${episode_name}-${sequence_name}-${shot_name}"
    return "${project_name}_${sequence_name}-${shot_name}"


def _schema(node) -> str:
    return node.get("OTIO_SCHEMA", "").split(".")[0] if isinstance(node, dict) else ""


def _time(value, where: str) -> Fraction:
    """A RationalTime as seconds (exact)."""
    try:
        rate = Fraction(str(value["rate"]))
        if rate <= 0:
            raise ValueError
        return Fraction(str(value["value"])) / rate
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        raise BadRequest(f"{where}: a time needs a number 'value' and a positive 'rate'.",
                         {"reason": "bad_timeline"}) from None


def _range(item: dict, where: str):
    """(duration in seconds, rate) of a clip or gap: its source range, else its media's available range."""
    time_range = item.get("source_range") or (item.get("media_reference") or {}).get("available_range")
    if not isinstance(time_range, dict) or not isinstance(time_range.get("duration"), dict):
        raise BadRequest(f"{where}: no source_range.", {"reason": "bad_timeline"})
    duration = time_range["duration"]
    return _time(duration, where), Fraction(str(duration["rate"]))


def _clip_name(clip: dict) -> str:
    name = os.path.splitext(clip.get("name") or "")[0]
    if name:
        return name
    media = clip.get("media_reference") or {}
    for key in ("name_prefix", "name"):
        if media.get(key):
            return os.path.splitext(media[key])[0]
    if media.get("target_url"):
        return os.path.splitext(os.path.basename(media["target_url"]))[0]
    return ""


def timeline_clips(text: str) -> list[dict]:
    """``[{name, frame_in, frame_out, nb_frames}]`` of the clips of every video track, in order."""
    try:
        timeline = json.loads(text)
    except ValueError as error:
        raise BadRequest(f"The file is not OTIO JSON: {error}.", {"reason": "bad_timeline"}) from None
    if _schema(timeline) != "Timeline" or _schema(timeline.get("tracks")) != "Stack":
        raise BadRequest("The file is not an OTIO timeline (OTIO_SCHEMA Timeline with a Stack of tracks).",
                         {"reason": "bad_timeline"})
    clips = []
    tracks = timeline["tracks"].get("children") or []
    for track_index, track in enumerate(tracks):
        if _schema(track) != "Track" or track.get("kind", "Video") != "Video":
            continue
        position = Fraction(0)
        for item_index, item in enumerate(track.get("children") or []):
            kind, where = _schema(item), f"track {track_index}, item {item_index}"
            if kind == "Transition":  # overlaps its neighbours: takes no time of its own
                continue
            if kind not in ("Clip", "Gap", "Stack", "Track"):
                raise BadRequest(f"{where}: unknown OTIO_SCHEMA {item.get('OTIO_SCHEMA')!r}.",
                                 {"reason": "bad_timeline"})
            duration, rate = _range(item, where)
            if kind == "Clip":
                frame_in = int(position * rate)
                nb_frames = int(duration * rate)
                clips.append({"name": _clip_name(item), "frame_in": frame_in, "nb_frames": nb_frames,
                              "frame_out": frame_in + max(nb_frames, 1) - 1, "where": where})
                if len(clips) > MAX_CLIPS:
                    raise BadRequest(f"At most {MAX_CLIPS} clips per timeline.", {"reason": "too_many_rows"})
            position += duration
    return clips


def name_pattern(convention: str) -> re.Pattern:
    """The naming convention as a pattern: each placeholder a named group of word characters (a
    repeated one must repeat the same text), the rest literal."""
    parts, seen, last = [], set(), 0
    for match in PLACEHOLDER.finditer(convention):
        name = match.group(1) or match.group(2)
        parts.append(re.escape(convention[last:match.start()]))
        if name in FIELDS and name not in seen:
            parts.append(rf"(?P<{name}>\w*)")
            seen.add(name)
        else:
            parts.append(rf"(?P={name})" if name in seen else re.escape(match.group(0)))
        last = match.end()
    parts.append(re.escape(convention[last:]))
    return re.compile("".join(parts))


def _flag(value, default: bool = True) -> bool:
    if value is None:
        return default
    text = str(value).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    raise ValidationFailed(details={"match_case": ["Must be true or false."]})


def import_timeline(tx: Transaction, tenant: Tenant, project_id, episode_id, text: str, filename: str,
                    options: dict | None = None) -> dict:
    """Zou's ``POST /import/otio/projects/<p>[/episodes/<e>]``: ``{created_shots, updated_shots}``."""
    session = tx.session
    project = production._project(session, tenant, project_id)
    permissions.require(tenant, permissions.MANAGE_PRODUCTION, project.id)
    if os.path.splitext(filename or "")[1].lower() not in OTIO_SUFFIXES:
        raise BadRequest("Only OpenTimelineIO's own JSON format (.otio) is read here; convert EDL, XML or AAF "
                         "files with otioconvert first.", {"reason": "unsupported_format"})
    options = options or {}
    episode = None
    if episode_id is not None:
        episode = crud.load_row(session, tenant, crud.spec_for("episodes"), episode_id)
        if episode.project_id != project.id:
            raise NotFound("Episode not found in this project.")
    convention = options.get("naming_convention") or default_convention(episode is not None)
    if not isinstance(convention, str) or len(convention) > 500:
        raise ValidationFailed(details={"naming_convention": ["Must be a text of at most 500 characters."]})
    match_case = _flag(options.get("match_case"))
    pattern = name_pattern(convention)
    if not {"sequence_name", "shot_name"} <= set(pattern.groupindex):
        raise ValidationFailed(details={"naming_convention": [
            "Must name ${sequence_name} and ${shot_name} (new shots take their names from it)."]})
    clips = timeline_clips(text)

    def fold(name: str) -> str:
        return name if match_case else name.lower()

    parent = episode.id if episode else None
    sequences = {fold(row.name): row for row in session.scalars(crud.base_query(
        session, tenant, crud.spec_for("sequences")).where(Entity.project_id == project.id,
                                                          Entity.parent_id.is_(parent) if parent is None
                                                          else Entity.parent_id == parent))}
    by_id = {row.id: row for row in sequences.values()}
    template = Template(convention)
    names = {"project_name": project.name, "episode_name": episode.name if episode else ""}
    shots = {}
    for shot in session.scalars(crud.base_query(session, tenant, crud.spec_for("shots")).where(
            Entity.project_id == project.id, Entity.parent_id.in_(list(by_id)))) if by_id else []:
        key = template.safe_substitute(names, sequence_name=by_id[shot.parent_id].name, shot_name=shot.name)
        shots[fold(key)] = shot

    # Every clip is resolved before the first write: a timeline is imported whole or not at all.
    plan, errors = [], {}
    for clip in clips:
        existing = shots.get(fold(clip["name"]))
        if existing is not None:
            plan.append((clip, existing.id, None, None))
            continue
        match = pattern.match(clip["name"])
        found = match.groupdict() if match else {}
        if not found.get("sequence_name") or not found.get("shot_name"):
            errors[clip["where"]] = [f"Clip {clip['name']!r} does not follow the naming convention {convention!r}."]
            continue
        plan.append((clip, None, found["sequence_name"], found["shot_name"]))
    if errors:
        raise ValidationFailed("Some clips cannot be imported; nothing was written.", details=errors)

    created_ids, updated_ids = [], []
    shot_task_types = session.scalars(select(ProjectTaskType.task_type_id).join(
        TaskType, TaskType.id == ProjectTaskType.task_type_id).where(
        ProjectTaskType.project_id == project.id, TaskType.for_entity == "Shot")).all()
    new_shots: dict = {}
    for clip, shot_id, sequence_name, shot_name in plan:
        frames = {"frame_in": clip["frame_in"], "frame_out": clip["frame_out"]}
        if shot_id is None:
            shot_id = new_shots.get((fold(sequence_name), fold(shot_name)))
        if shot_id is None:
            sequence = sequences.get(fold(sequence_name))
            if sequence is None:
                record = production.create_entity(tx, tenant, "sequences", project.id, {
                    "name": sequence_name, **({"episode_id": str(parent)} if parent else {})})
                sequence = crud.load_row(session, tenant, crud.spec_for("sequences"), record["id"])
                sequences[fold(sequence_name)] = sequence
            record = production.create_entity(tx, tenant, "shots", project.id, {
                "name": shot_name, "sequence_id": str(sequence.id), "nb_frames": clip["nb_frames"], "data": frames})
            shot_id = uuid.UUID(record["id"])
            new_shots[(fold(sequence_name), fold(shot_name))] = shot_id
            created_ids.append(shot_id)
            if shot_task_types:
                production.create_entity_tasks(tx, tenant, str(shot_id), [str(t) for t in shot_task_types])
            continue
        shot = crud.load_row(session, tenant, crud.spec_for("shots"), str(shot_id))
        crud.update_record(tx, tenant, "shots", str(shot_id), {
            "nb_frames": clip["nb_frames"], "data": {**(shot.data or {}), **frames}})
        if shot_id not in created_ids and shot_id not in updated_ids:
            updated_ids.append(shot_id)
    session.flush()

    def records(ids):
        return [crud.get_record(session, tenant, "shots", str(shot_id)) for shot_id in ids]

    return {"created_shots": records(created_ids), "updated_shots": records(updated_ids)}
