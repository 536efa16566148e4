"""`python -m mkdocs_episodes`: the `episodes` command."""

from mkdocs_episodes.cli import main

main(prog_name="episodes")
