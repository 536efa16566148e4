"""The third-party hosts' tables: each id form takes its own example, not a pasted
address, and each host has a name, a player and a page."""

from __future__ import annotations

import re

from mkdocs_episodes.core.hosts import HOST_ID_PATTERNS, HOST_NAMES, HOST_URLS


def test_each_host_id_form_takes_its_example_and_refuses_an_address():
    assert set(HOST_ID_PATTERNS) == set(HOST_NAMES) == set(HOST_URLS)
    for host, (pattern, example) in HOST_ID_PATTERNS.items():
        assert re.match(pattern, example), host
        address = HOST_URLS[host][1].format(id=example, instance="https://tube.example.org")
        assert address.startswith("https://") and not re.match(pattern, address), host
