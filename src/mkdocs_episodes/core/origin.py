"""Where an episode came from: its file, as read, and the side files it names."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_episodes.core.problems import Problem, Severity
from mkdocs_episodes.core.reader import Located
from mkdocs_episodes.core.yaml_source import FieldPath, YamlDocument

Cue = tuple[float, str]


@dataclass(frozen=True)
class Origin:
    """An episode's file, to locate problems found in later stages, and what the loader
    read beside it."""

    path: Path
    located: Located
    side_files: dict[FieldPath, Path]
    transcript_markdown: str | None
    # Start and text of each cue of the first captions file, for the timed transcript.
    cues: list[Cue] = field(default_factory=list)

    @property
    def display(self) -> str:
        return self.located.shown

    @property
    def document(self) -> YamlDocument:
        return self.located.document

    def problem(self, loc: FieldPath, message: str, severity: Severity = Severity.ERROR) -> Problem:
        return self.located.problem(loc, message, severity)
