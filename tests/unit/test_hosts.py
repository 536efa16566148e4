"""The third-party hosts: the example id a message shows is one the host's form accepts."""

from __future__ import annotations

import re

from mkdocs_episodes.core.hosts import HOST_ID_PATTERNS, HOST_NAMES, HOST_URLS


def test_every_host_has_a_name_a_player_and_an_example_its_form_accepts():
    assert set(HOST_ID_PATTERNS) == set(HOST_NAMES) == set(HOST_URLS)
    for host, (pattern, example) in HOST_ID_PATTERNS.items():
        assert re.match(pattern, example), host
        player, page = HOST_URLS[host]
        assert "{id}" in player and "{id}" in page
