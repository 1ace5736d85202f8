"""Shared fixtures: a small network built through the real services."""

import pytest

from tests.factories import build_network


@pytest.fixture
def network(db):
    return build_network(communities=2)
