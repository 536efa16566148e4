"""Follow, share and embed: feeds, structured data, embed page and open data, each read
back by an independent parser."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import feedparser
import pytest
from conftest import build_site, copy_episode, copy_site, set_plugin_option

from mkdocs_episodes.build.budget import measure_page

SITE = "http://127.0.0.1:8000/"
HOSTILE = 'Sobriété & vidéo : <b>gras</b> "guillemets" l\'apostrophe -->'


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """The demo plus an episode whose title and summary hold every character to escape,
    a scheduled episode and a draft."""
    project = copy_site(tmp_path_factory.mktemp("feeds"))
    quoted = HOSTILE.replace("'", "''")
    copy_episode(
        project,
        90,
        "caracteres-speciaux",
        {
            "title: Les enjeux\n": f"title: '{quoted}'\n",
            "date: 2024-07-21": "date: 2025-01-10",
            "summary: >-\n": f"summary: '{quoted}'\nnotes: >-\n",
        },
    )
    copy_episode(project, 91, "episode-a-venir", {"date: 2024-07-21": "date: 2999-01-01"})
    copy_episode(project, 92, "episode-brouillon", extra="draft: true\n")
    result = build_site(project)
    assert result.returncode == 0, result.output
    return result


def published_slugs(result) -> set[str]:
    return {
        path.parent.name
        for path in (result.site / "episodes").glob("*/index.html")
        if path.parent.name != "page"
    }


def test_rss_parses_with_enclosures_guids_itunes_and_podcasting_tags(hostile_build):
    feed = feedparser.parse((hostile_build.site / "episodes" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20"
    assert feed.feed.title == "Référents numérique écoresponsable"
    slugs = {urlparse(entry.link).path.split("/")[2] for entry in feed.entries}
    assert slugs == published_slugs(hostile_build)
    demo = next(e for e in feed.entries if e.link == f"{SITE}episodes/demo-video-sobre/")
    assert demo.id == demo.link
    (enclosure,) = demo.enclosures
    # AAC, which every podcast app plays, rather than the (here heavier) Opus.
    assert enclosure.href.endswith("/audio.m4a") and enclosure.type == "audio/mp4"
    assert (
        int(enclosure.length)
        == (hostile_build.site / "episodes/demo-video-sobre/audio.m4a").stat().st_size
    )
    assert demo.itunes_duration == "27"
    assert demo.itunes_episode == "6"
    # Podcasting 2.0 tags, read with a plain XML parser.
    root = ET.parse(hostile_build.site / "episodes" / "feed.xml").getroot()
    ns = {"podcast": "https://podcastindex.org/namespace/1.0"}
    item = next(i for i in root.iter("item") if i.findtext("link") == demo.link)
    chapters_url = item.find("podcast:chapters", ns).get("url")
    chapters = json.loads(
        (hostile_build.site / urlparse(chapters_url).path.lstrip("/")).read_text()
    )
    assert chapters["version"] == "1.2.0"
    assert [c["startTime"] for c in chapters["chapters"]] == [0, 9, 15, 20]
    transcripts = {t.get("type") for t in item.findall("podcast:transcript", ns)}
    assert transcripts == {"text/vtt", "text/html"}
    assert item.find("podcast:season", ns).text == "1"
    assert item.find("podcast:episode", ns).text == "6"


def test_guids_are_stable_across_rebuilds(hostile_build, tmp_path):
    first = feedparser.parse((hostile_build.site / "episodes" / "feed.xml").read_bytes())
    project = hostile_build.site.parent
    again = build_site(project)
    second = feedparser.parse((again.site / "episodes" / "feed.xml").read_bytes())
    assert [e.id for e in first.entries] == [e.id for e in second.entries]


def test_atom_and_theme_feeds_parse(hostile_build):
    atom = feedparser.parse((hostile_build.site / "episodes" / "atom.xml").read_bytes())
    assert not atom.bozo, atom.bozo_exception
    assert atom.version == "atom10"
    assert len(atom.entries) == len(published_slugs(hostile_build))
    theme = feedparser.parse(
        (hostile_build.site / "themes" / "video-sobre" / "feed.xml").read_bytes()
    )
    assert not theme.bozo
    assert [e.link for e in theme.entries] == [f"{SITE}episodes/demo-video-sobre/"]


def test_feeds_for_readers_keep_the_latest_episodes_and_the_podcast_feed_keeps_all(site_copy):
    set_plugin_option(site_copy, "feed_items", 2)
    result = build_site(site_copy)
    assert result.returncode == 0, result.output
    feeds = result.site / "episodes"
    everything = feedparser.parse((feeds / "feed.xml").read_bytes()).entries
    assert len(everything) == len(published_slugs(result)) > 2
    newest = [entry.link for entry in everything[:2]]
    assert [e.link for e in feedparser.parse((feeds / "atom.xml").read_bytes()).entries] == newest
    items = json.loads((feeds / "feed.json").read_text(encoding="utf-8"))["items"]
    assert [item["url"] for item in items] == newest
    api = json.loads((result.site / "api" / "episodes.json").read_text(encoding="utf-8"))
    assert len(api["episodes"]) == len(everything)
    for theme in (result.site / "themes").glob("*/feed.xml"):
        assert len(feedparser.parse(theme.read_bytes()).entries) <= 2


def test_json_feed_has_the_required_fields_of_version_1_1(hostile_build):
    feed = json.loads((hostile_build.site / "episodes" / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"]
    assert feed["feed_url"] == f"{SITE}episodes/feed.json"
    assert feed["items"]
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert "content_text" in item or "content_html" in item
        assert item["date_published"].startswith("20")
        for attachment in item.get("attachments", []):
            assert attachment["url"] and attachment["mime_type"]


def structured(result, slug: str) -> dict:
    page = result.html(f"episodes/{slug}/")
    (script,) = page.select('script[type="application/ld+json"]')
    return json.loads(script.string)


def test_json_ld_video_object_has_required_and_recommended_fields(hostile_build):
    graph = structured(hostile_build, "demo-video-sobre")["@graph"]
    video = next(node for node in graph if node["@type"] == "VideoObject")
    # Required by schema.org's video guidance: name, thumbnailUrl, uploadDate.
    assert video["name"] and video["thumbnailUrl"] and video["uploadDate"] == "2026-11-02"
    # Recommended: description, duration, contentUrl or embedUrl, and clips for chapters.
    assert video["description"]
    assert video["duration"] == "PT27S"
    assert video["contentUrl"].endswith("video-360p.webm")
    # The transcript is on the page itself: a copy in the JSON-LD would double its weight.
    assert "transcript" not in video
    clips = video["hasPart"]
    assert [c["startOffset"] for c in clips] == [0, 9, 15, 20]
    assert all(c["@type"] == "Clip" and c["url"].startswith(SITE) for c in clips)
    types = {node["@type"] for node in graph}
    assert types == {"VideoObject", "BreadcrumbList", "CreativeWorkSeries"}
    third_party = structured(hostile_build, "les-enjeux")["@graph"][0]
    assert third_party["embedUrl"] == "https://www.dailymotion.com/embed/video/x9368gg"


def test_preview_tags_use_absolute_urls(hostile_build):
    page = hostile_build.html("episodes/demo-video-sobre/")
    meta = {
        tag.get("property") or tag.get("name"): tag["content"]
        for tag in page.select("meta[content]")
    }
    assert meta["og:url"] == f"{SITE}episodes/demo-video-sobre/"
    assert meta["og:image"].startswith(SITE) and meta["og:image"].endswith(".webp")
    assert meta["og:video"].startswith(SITE)
    assert meta["twitter:card"] == "summary_large_image"
    (canonical,) = page.select("link[rel=canonical]")
    assert canonical["href"] == f"{SITE}episodes/demo-video-sobre/"
    feeds = {link["type"]: link["href"] for link in page.select("link[rel=alternate]")}
    assert set(feeds) == {"application/rss+xml", "application/atom+xml", "application/feed+json"}


def test_a_hostile_title_comes_out_intact_everywhere(hostile_build):
    site = hostile_build.site
    rss = feedparser.parse((site / "episodes" / "feed.xml").read_bytes())
    assert HOSTILE in {entry.title for entry in rss.entries}
    atom = feedparser.parse((site / "episodes" / "atom.xml").read_bytes())
    assert HOSTILE in {entry.title for entry in atom.entries}
    raw = ET.parse(site / "episodes" / "feed.xml").getroot()
    assert HOSTILE in {item.findtext("title") for item in raw.iter("item")}
    json_feed = json.loads((site / "episodes" / "feed.json").read_text(encoding="utf-8"))
    assert HOSTILE in {item["title"] for item in json_feed["items"]}
    api = json.loads((site / "api" / "episodes.json").read_text(encoding="utf-8"))
    assert HOSTILE in {episode["title"] for episode in api["episodes"]}
    graph = structured(hostile_build, "caracteres-speciaux")["@graph"]
    assert graph[0]["name"] == HOSTILE and graph[0]["description"] == HOSTILE
    page = hostile_build.html("episodes/caracteres-speciaux/")
    assert page.find("h1").get_text() == f"Épisode 90 : {HOSTILE}"
    assert page.find("meta", attrs={"property": "og:title"})["content"] == HOSTILE
    html = (site / "episodes" / "caracteres-speciaux" / "index.html").read_text(encoding="utf-8")
    assert "<b>gras</b>" not in html
    embed = hostile_build.html("episodes/caracteres-speciaux/embed/")
    assert embed.find("h1").get_text() == f"Épisode 90 : {HOSTILE}"


def test_drafts_and_scheduled_episodes_appear_in_no_output(hostile_build):
    site = hostile_build.site
    for slug in ("episode-a-venir", "episode-brouillon"):
        assert not (site / "episodes" / slug).exists()
        for output in (
            "episodes/feed.xml",
            "episodes/atom.xml",
            "episodes/feed.json",
            "api/episodes.json",
            "sitemap.xml",
        ):
            assert slug not in (site / output).read_text(encoding="utf-8"), output
    assert "caracteres-speciaux" in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_open_data_lists_published_episodes_with_documented_fields(hostile_build):
    api = json.loads((hostile_build.site / "api" / "episodes.json").read_text(encoding="utf-8"))
    assert api["version"] == 1
    assert {e["slug"] for e in api["episodes"]} == published_slugs(hostile_build)
    demo = next(e for e in api["episodes"] if e["slug"] == "demo-video-sobre")
    expected = {"number", "season", "slug", "title", "date", "summary", "duration_seconds", "url",
                "embed_url", "image", "themes", "speakers", "video", "audio", "captions",
                "transcript_url", "chapters", "resources"}  # fmt: skip
    assert set(demo) == expected
    assert demo["url"] == f"{SITE}episodes/demo-video-sobre/"
    assert [f["height"] for f in demo["video"]["files"]] == [240, 360]
    assert demo["chapters"][1] == {
        "start_seconds": 9,
        "start": "00:09",
        "title": "Une vidéo légère",
    }


def test_embed_page_is_standalone_and_light(hostile_build):
    site = hostile_build.site
    page = hostile_build.html("episodes/demo-video-sobre/embed/")
    assert page.find("video")["preload"] == "none"
    assert page.find("a", href=f"{SITE}episodes/demo-video-sobre/")
    assert not [
        link for link in page.select("link[rel=stylesheet]") if "stylesheets/main" in link["href"]
    ]
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    weight = measure_page(site, site / "episodes" / "demo-video-sobre" / "embed" / "index.html")
    assert weight.bytes < 20_000, weight
    facade = hostile_build.html("episodes/les-enjeux/embed/")
    assert facade.select_one(".ep-facade button") and not facade.find("iframe")


def test_share_block_is_usable_without_javascript(hostile_build):
    page = hostile_build.html("episodes/demo-video-sobre/")
    share = page.select_one(".ep-share")
    assert share.select_one("#ep-share-link")["value"] == f"{SITE}episodes/demo-video-sobre/"
    assert share.select_one("#ep-share-moment")["value"] == f"{SITE}episodes/demo-video-sobre/#t=0"
    code = share.select_one("#ep-share-embed").get_text()
    assert code.startswith(f'<iframe src="{SITE}episodes/demo-video-sobre/embed/"')
    assert 'title="Épisode 6 : ' in code


def test_series_page_tells_how_to_subscribe(hostile_build):
    page = hostile_build.html("episodes/")
    links = {a.get_text(strip=True): a["href"] for a in page.select(".ep-subscribe a")}
    assert links["Flux RSS"] == "feed.xml"
    assert links["Données ouvertes"] == "../api/episodes.json"
