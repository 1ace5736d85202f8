"""Shared fixtures: a small network built through the real services, and the browser fixtures."""

import pytest

from tests.factories import build_network

pytest_plugins = ["tests.browser_fixtures"]


@pytest.fixture
def network(db):
    return build_network(communities=2)
