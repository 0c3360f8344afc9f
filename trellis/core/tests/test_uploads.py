"""Documents are recognised by their content, never by their name: an attendee list is text,
an invoice is a real PDF or image, and a file whose name lies is refused."""

from __future__ import annotations

import io

import pytest

from trellis.core.exceptions import InvalidInput
from trellis.core.uploads import document_type

LISTS = ("text/csv", "application/pdf")


def kind(raw: bytes, name: str, kinds: tuple[str, ...] | None = LISTS) -> str:
    return document_type(io.BytesIO(raw), name, field="file", kinds=kinds)


def test_a_csv_list_is_text() -> None:
    assert kind("name,email\nZoë,zoe@example.test\n".encode(), "people.csv") == "text/csv"
    assert kind(b"%PDF-1.7\n...", "people.pdf") == "application/pdf"


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(16), "people.csv"),  # an image called a list
        (b"name,email\n", "people.pdf"),  # a list called a PDF
        (b"MZ\x90\x00\x03\x00\x00\x00", "people.csv"),  # a program
    ],
)
def test_a_file_whose_name_lies_is_refused(raw: bytes, name: str) -> None:
    with pytest.raises(InvalidInput):
        kind(raw, name)


def test_text_is_never_taken_for_a_document_unless_lists_are_asked_for() -> None:
    with pytest.raises(InvalidInput):
        kind(b"name,email\n", "people.csv", kinds=None)
