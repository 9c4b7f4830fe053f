"""Hypothesis strategies shared by several test modules."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st


def json_values(scalars: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """JSON values nested up to a few levels: lists and objects (short keys) of `scalars`."""
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
        ),
        max_leaves=6,
    )
