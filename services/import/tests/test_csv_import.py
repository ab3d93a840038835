"""Reading Kitsu's CSV files (no broker needed): columns, delimiters, row errors, bounds."""

import pytest

from reelhouse.importer import csv_import, exports
from reelhouse.shared.errors import BadRequest, PayloadTooLarge


def test_semicolon_files_with_a_bom_and_blank_lines_are_read_with_their_line_numbers():
    parsed = csv_import.parse("shots", "\ufeffsequence ; Name;Frame In;Frame Out;Status\nSQ01;SH010;1001;1100;wip\n"
                                       ";;;;\nSQ01;SH020;;;\n")
    assert parsed.errors == []
    assert [(r["row"], r["sequence"], r["name"], r["frame_in"], r["frame_out"]) for r in parsed.rows] == [
        (2, "SQ01", "SH010", 1001, 1100), (4, "SQ01", "SH020", None, None)]
    assert parsed.ignored_columns == ["Status"]


def test_a_missing_required_column_is_a_bad_header_naming_it():
    with pytest.raises(BadRequest) as caught:
        csv_import.parse("assets", "Name,Description\nBob,hero\n")
    assert caught.value.details["reason"] == "bad_header"
    assert caught.value.details["missing_columns"] == ["Type"]


def test_missing_values_and_non_numbers_are_row_errors_with_row_and_column():
    parsed = csv_import.parse("shots", "Sequence,Name,Nb Frames\nSQ01,,12\nSQ01,SH020,twelve\n")
    assert parsed.errors == [{"row": 2, "column": "Name", "message": "Missing value."},
                             {"row": 3, "column": "Nb Frames", "message": "'twelve' is not a whole number."}]


def test_kitsu_role_labels_become_role_codes():
    parsed = csv_import.parse("persons", "First Name,Last Name,Email,Role\nAnn,Lee,ann@x.example,Studio Manager\n"
                                         "Bo,Li,bo@x.example,supervisor\n")
    assert [r["role"] for r in parsed.rows] == ["admin", "supervisor"]


def test_an_empty_file_and_a_header_without_rows_are_refused():
    for text in ("", "Type,Name\n"):
        with pytest.raises(BadRequest) as caught:
            csv_import.parse("assets", text)
        assert caught.value.details["reason"] == "empty_file"


def test_more_rows_than_the_bound_is_too_large():
    text = "Type,Name\n" + "".join(f"Props,P{i}\n" for i in range(csv_import.MAX_ROWS + 1))
    with pytest.raises(PayloadTooLarge) as caught:
        csv_import.parse("assets", text)
    assert caught.value.details == {"reason": "too_many_rows", "limit_rows": csv_import.MAX_ROWS}


def test_export_file_names_are_ascii_for_the_content_disposition_header():
    export = {"project": {"name": "Été 日本"}, "records": []}
    assert exports.project_csv("assets", export)["filename"] == "t_assets.csv"
    assert exports.project_csv("shots", {"project": {"name": "..."}, "records": []})["filename"] == "export_shots.csv"
