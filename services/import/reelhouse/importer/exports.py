"""CSV exports: production_tracking's records written as Kitsu's spreadsheets.

Project exports use the import columns (``csv_import.KINDS``), so an exported
file imports back unchanged. Cells that a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``) are prefixed with ``'``.
"""

import csv
import io

from .csv_import import KINDS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAYLIST_COLUMNS = ("Entity", "Type", "Nb Frames", "Task Type", "Task Status", "Retake Count", "Preview File")


def _cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv(lines) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for line in lines:
        writer.writerow([_cell(value) for value in line])
    return out.getvalue()


def _header(kind: str) -> list:
    return [column.header for column in KINDS[kind]]


def _asset_line(record: dict) -> list:
    return [record.get("episode_name"), record.get("asset_type_name"), record["name"], record.get("description")]


def _shot_line(record: dict) -> list:
    return [record.get("episode_name"), record.get("sequence_name"), record["name"], record.get("description"),
            record.get("nb_frames"), record.get("frame_in"), record.get("frame_out")]


def _edit_line(record: dict) -> list:
    return [record.get("episode_name"), record["name"], record.get("description"), record.get("nb_frames")]


def _casting_line(link: dict) -> list:
    entity, asset = link["entity"], link["asset"]
    parent = entity.get("sequence_name") if entity["type"] == "Shot" else entity.get("asset_type_name")
    return [entity.get("episode_name"), parent, entity["name"], asset.get("asset_type_name"), asset["name"],
            link["nb_occurences"], link.get("label")]


PROJECT_LINES = {"assets": _asset_line, "shots": _shot_line, "edits": _edit_line, "casting": _casting_line}


def project_csv(what: str, export: dict) -> dict:
    """``export`` is production_tracking's ``export_project`` answer."""
    lines = [_header(what)] + [PROJECT_LINES[what](record) for record in export["records"]]
    return {"filename": f"{_file_name(export['project']['name'])}_{what}.csv", "content": _csv(lines)}


def playlist_csv(export: dict) -> dict:
    """Two lines naming the project and playlist, a blank line, then one line per entry in playlist order."""
    lines = [["Project", export["project"]["name"]], ["Playlist", export["playlist"]["name"]], [],
             list(PLAYLIST_COLUMNS)]
    for entry in export["entries"]:
        entity = entity_name(entry["entity"])
        lines.append([entity, entry["entity"]["type"], entry["entity"].get("nb_frames"), export["task_type_name"],
                      entry.get("task_status_name"), entry.get("retake_count"), entry.get("preview_file_id")])
    name = f"{_file_name(export['project']['name'])}_{_file_name(export['playlist']['name'])}.csv"
    return {"filename": name, "content": _csv(lines)}


def entity_name(entity: dict) -> str:
    """Kitsu's display name: a shot with its sequence, an asset with its type."""
    parent = entity.get("sequence_name") if entity["type"] == "Shot" else entity.get("asset_type_name")
    return f"{parent} / {entity['name']}" if parent else entity["name"]


def _file_name(name: str) -> str:
    # ASCII only: the name goes into a Content-Disposition header.
    kept = "".join(c if (c.isascii() and c.isalnum()) or c in "-_." else "_" for c in name.strip())
    return kept.strip("._") or "export"
