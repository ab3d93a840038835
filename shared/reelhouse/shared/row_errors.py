"""The one answer to an import with bad rows, wherever the rows are checked
(the import service reading a file, the owning service writing the records):
400 ``invalid_rows`` listing ``{"row", "column", "message"}`` for each problem."""

from .errors import BadRequest


def invalid_rows(errors: list[dict]) -> BadRequest:
    rows = len({error["row"] for error in errors})
    return BadRequest(f"{rows} row(s) cannot be imported; nothing was written.",
                      {"reason": "invalid_rows", "rows": errors})
