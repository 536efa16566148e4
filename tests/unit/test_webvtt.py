"""Captions files: checked before publication, their cues timing the transcript."""

from __future__ import annotations

import pytest

from mkdocs_episodes.core.webvtt import WebVttError, read_webvtt, timestamp


def test_cues_keep_their_start_and_plain_text():
    text = (
        "WEBVTT - Sous-titres français\r\n\r\n"
        "1\r\n00:00:01.500 --> 00:00:04.000 align:start\r\n<v Claire>Bonjour</v> à <i>tous</i>,\r\n"
        "et bienvenue.\r\n\r\n"
        "01:02.250 --> 01:05.000\r\nSans les heures.\r\n\r\n"
        "NOTE un commentaire\r\n\r\n"
        "01:00:00.000 --> 01:00:02.000\r\nUne heure plus tard.\r\n"
    )
    assert read_webvtt(text) == [
        (1.5, "Bonjour à tous, et bienvenue."),
        (62.25, "Sans les heures."),
        (3600.0, "Une heure plus tard."),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "WEBVTTX\n\n00:00.000 --> 00:01.000\nA\n",
            "fichier WebVTT invalide : la première ligne doit être « WEBVTT »",
        ),
        (
            "1\n00:00:01,000 --> 00:00:02,000\nFormat SRT\n",
            "fichier WebVTT invalide : la première ligne doit être « WEBVTT »",
        ),
        (
            "WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nVirgule\n",
            "fichier WebVTT invalide ligne 3 : horodatage attendu au format "
            "« 00:01:02.500 --> 00:01:05.000 »",
        ),
        (
            "WEBVTT\n\n\n00:00:05.000 --> 00:00:02.000\nÀ rebours\n",
            "fichier WebVTT invalide ligne 4 : la fin précède le début",
        ),
        ("WEBVTT\n\nNOTE rien d'autre\n", "fichier WebVTT sans aucun sous-titre"),
        # Arabic-Indic digits: `\d` would take them, WebVTT does not.
        (
            "WEBVTT\n\n٠٠:٠١.٠٠٠ --> 00:02.000\nA\n",
            "fichier WebVTT invalide ligne 3 : horodatage attendu",
        ),
    ],
)
def test_faults_are_named_with_their_line(text, message):
    with pytest.raises(WebVttError) as caught:
        read_webvtt(text)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("seconds", "written"),
    [
        (0, "00:00:00.000"),
        (1.5, "00:00:01.500"),
        (3723.25, "01:02:03.250"),
        (59.9996, "00:01:00.000"),
    ],
)
def test_timestamps_are_written_as_captions_files_write_them(seconds, written):
    assert timestamp(seconds) == written
    assert read_webvtt(f"WEBVTT\n\n{written} --> 99:00:00.000\nA\n")[0][0] == pytest.approx(
        round(seconds, 3)
    )
