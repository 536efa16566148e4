"""The core: episodes, their validation and the series. Knows nothing of MkDocs.

Imports nothing itself, so that importing one of its modules never imports the others;
the package's public names are re-exported by `mkdocs_episodes`."""
