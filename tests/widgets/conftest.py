"""What the widget tests share: reading a chart's spec."""

import pytest


def encoded_fields(spec, channel: str) -> set:
    """Every field a chart's layers encode on `channel` ("x", "y", ...), at any depth of the spec."""
    found = set()
    if isinstance(spec, dict):
        encoding = spec.get("encoding", {}).get(channel)
        if isinstance(encoding, dict) and "field" in encoding:
            found.add(encoding["field"])
        for value in spec.values():
            found |= encoded_fields(value, channel)
    elif isinstance(spec, list):
        for value in spec:
            found |= encoded_fields(value, channel)
    return found


@pytest.fixture
def fields():
    """`fields(spec, "y")`: the fields a chart encodes on a channel."""
    return encoded_fields
