"""CSV downloads stream, and never hand a spreadsheet a formula to run."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from trellis.core.exports import csv_download, safe_cell


@pytest.mark.parametrize("text", ["=1+1", "+49 30 1234", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_a_spreadsheet_would_run_is_written_as_text(text: str) -> None:
    assert safe_cell(text) == "'" + text


def test_numbers_dates_and_plain_text_are_written_as_they_are() -> None:
    assert safe_cell(Decimal("-5.00")) == Decimal("-5.00")
    assert safe_cell(-3) == -3
    assert safe_cell("Acme GmbH") == "Acme GmbH"


def test_a_download_is_streamed_row_by_row_with_its_header() -> None:
    rows = ([i, f"=HYPERLINK('x{i}')"] for i in range(3))
    response = csv_download(["id", "name"], rows, "out.csv")
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="out.csv"'
    parsed = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert parsed[0] == ["id", "name"] and parsed[1] == ["0", "'=HYPERLINK('x0')"]
    assert len(parsed) == 4
