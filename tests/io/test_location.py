"""One parser for the "path:line" locations that loading writes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from noesis_trainer.io.jsonl import LoadProblem, split_location


@given(st.text(min_size=0, max_size=30), st.integers(min_value=0, max_value=10**9))
def test_round_trip_of_a_written_location(path: str, line: int) -> None:
    location = LoadProblem(path=path, line=line, message="m", code="c").location
    assert split_location(location) == (path, line)


def test_locations_without_a_line() -> None:
    assert split_location(None) is None
    assert split_location("") is None
    assert split_location("data.jsonl") is None
    assert split_location("C:/x/data.jsonl:") is None
    assert split_location("C:/x/data.jsonl:12") == ("C:/x/data.jsonl", 12)
