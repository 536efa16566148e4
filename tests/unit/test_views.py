"""What templates print of an episode: French text and resolved addresses."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_episodes.core import urls
from mkdocs_episodes.core.views import EpisodeView, ImageSize, PosterImage

from .factory import add_audio, add_captions, add_episode, load_site


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path.resolve()


def sources(root: Path, *heights: int) -> list[dict]:
    folder = root / "episodes" / "fichiers"
    folder.mkdir(parents=True, exist_ok=True)
    found = []
    for height in heights:
        (folder / f"{height}p.webm").write_bytes(b"\x1aE\xdf\xa3")
        found.append(
            {
                "src": f"fichiers/{height}p.webm",
                "type": "video/webm",
                "height": height,
                "size": height * 10_000,
            }
        )
    return found


def test_an_episode_reads_in_french(root):
    add_episode(root, 3, "les-actions", title="Les actions", date="2024-07-01", duration="4:32")
    view = load_site(root).views["les-actions"]
    assert view.heading == "Épisode 3 : Les actions"
    assert view.date_text == "1er juillet 2024"
    assert view.duration_text == "4 min 32 s"
    assert view.duration_iso == "PT4M32S"
    assert view.url == "episodes/les-actions/"
    assert view.summary == "Un résumé."  # plain fields pass through


def test_a_third_party_video_names_its_host_and_links_its_page(root):
    add_episode(root, 1, "premier", video={"host": "youtube", "id": "aqz-KE-bpKQ"})
    view = load_site(root).views["premier"]
    assert (view.self_hosted, view.host_name) == (False, "YouTube")
    assert view.embed_url == "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"
    assert view.watch_url == "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
    assert (view.renditions, view.quality_choices) == ([], [])


def test_self_hosted_renditions_go_lightest_first_with_a_sober_choice(root):
    add_episode(root, 1, "premier", video={"sources": sources(root, 1080, 360, 720)})
    view = load_site(root).views["premier"]
    assert view.self_hosted and view.host_name is None
    assert [(r.label, r.url) for r in view.renditions] == [
        ("360p", "episodes/premier/360p.webm"),
        ("720p", "episodes/premier/720p.webm"),
        ("1080p", "episodes/premier/1080p.webm"),
    ]
    assert view.renditions[0].size_text == "3,6 Mo"
    # Download links name the format and the weight.
    assert view.renditions[0].download_label == "WebM 360p, 3,6 Mo"
    assert [(key, r.height) for key, _label, r in view.quality_choices] == [
        ("sobre", 360),
        ("standard", 720),
    ]


def test_one_rendition_offers_no_quality_choice(root):
    add_episode(root, 1, "premier", video={"sources": sources(root, 360)})
    assert load_site(root).views["premier"].quality_choices == []


def test_audio_and_captions_are_published_beside_the_page(root):
    captions = [
        add_captions(root),
        {**add_captions(root, "en.vtt"), "lang": "en-GB"},
        {**add_captions(root, "br.vtt"), "lang": "br", "label": "Brezhoneg"},
    ]
    add_episode(root, 1, "premier", audio=add_audio(root, size=312_400), captions=captions)
    view = load_site(root).views["premier"]
    assert (view.audio.url, view.audio.type, view.audio.size_text) == (
        "episodes/premier/son.ogg",
        "audio/ogg",
        "312 ko",
    )
    assert [(c.url, c.lang, c.label) for c in view.captions] == [
        ("episodes/premier/sous-titres.fr.vtt", "fr", "Français"),
        ("episodes/premier/en.vtt", "en-GB", "English"),
        ("episodes/premier/br.vtt", "br", "Brezhoneg"),
    ]


def test_audio_formats_are_offered_lightest_first_and_named(root):
    audio = [add_audio(root, "son.m4a", size=90_000), add_audio(root, "son.opus", size=60_000)]
    add_episode(root, 1, "premier", audio=audio)
    view = load_site(root).views["premier"]
    assert [(f.url, f.type, f.format) for f in view.audio_files] == [
        ("episodes/premier/son.opus", "audio/ogg", "Opus"),
        ("episodes/premier/son.m4a", "audio/mp4", "AAC"),
    ]
    assert view.audio == view.audio_files[0]
    assert [f.download_label for f in view.audio_files] == ["Audio Opus, 60 ko", "Audio AAC, 90 ko"]


def test_chapters_doctrine_and_themes_are_links(root):
    add_episode(
        root,
        1,
        "premier",
        themes=["reseau", "enjeux"],
        chapters=[
            {"start": 0, "title": "Début"},
            {"start": "1:05", "title": "Le RGESN", "doctrine": "doctrine/rgesn.md#video"},
        ],
        doctrine=["doctrine/enjeux.md"],
    )
    view = load_site(root).views["premier"]
    assert [(c.clock, c.iso, c.doctrine_url) for c in view.chapters] == [
        ("00:00", "PT0S", None),
        ("01:05", "PT1M5S", "doctrine/rgesn/#video"),
    ]
    assert [(link.url, link.title) for link in view.doctrine_links] == [
        ("doctrine/enjeux/", "Page doctrine/enjeux.md")
    ]
    assert [(link.url, link.title) for link in view.theme_links] == [
        ("themes/reseau/", "Le réseau des référents"),
        ("themes/enjeux/", "Les enjeux environnementaux"),
    ]


def test_resources_by_ref_use_the_site_s_entry(root):
    add_episode(
        root,
        1,
        "premier",
        resources=[{"ref": "rgesn"}, {"title": "Un guide", "url": "https://exemple.fr/guide"}],
    )
    site = load_site(root)
    episode = site.series.episodes[0]
    view = EpisodeView(
        episode,
        site.series,
        page_url=lambda e: urls.episode(e.slug),
        media_url=lambda e, loc: "x",
        doc_link=lambda link: (link, link),
        theme_url=urls.theme,
        resource_link=lambda ref: (
            "RGESN",
            "https://exemple.fr/rgesn",
            f"ressources/#ressource-{ref}",
        ),
    )
    assert view.resource_links == [
        ("RGESN", "https://exemple.fr/rgesn", "ressources/#ressource-rgesn"),
        ("Un guide", "https://exemple.fr/guide", None),
    ]


def test_posters_pick_a_size_for_each_use(root):
    add_episode(root, 1, "premier")
    view = load_site(root).views["premier"]
    # Without resized variants, the poster itself.
    assert [s.url for s in view.poster.sizes] == ["episodes/premier/poster.png"]
    sizes = PosterImage([ImageSize(f"p-{w}.webp", w, w * 9 // 16) for w in (320, 640, 960, 1280)])
    assert (sizes.small.width, sizes.medium.width, sizes.large.width) == (320, 640, 960)
    assert PosterImage([ImageSize("p.webp", 1280, 720)]).medium.width == 1280


def test_the_transcript_is_known_from_the_loaded_file(root):
    add_episode(root, 1, "avec")
    add_episode(root, 2, "sans", transcript=None)
    views = load_site(root).views
    assert (views["avec"].has_transcript, views["sans"].has_transcript) == (True, False)
