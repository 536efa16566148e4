"""Follow, share and embed: feeds, structured data, embed page and open data, each read
back by an independent parser."""

from __future__ import annotations

import json
import re
import uuid
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlparse

import feedparser
import pytest
from conftest import build_site, copy_episode, copy_site, set_plugin_option
from PIL import Image

from mkdocs_episodes.build.budget import measure_page
from mkdocs_episodes.core.podcast import APPLE_CATEGORIES

SITE = "http://127.0.0.1:8000/"
HOSTILE = 'Sobriété & vidéo : <b>gras</b> "guillemets" l\'apostrophe -->'
OWNER_EMAIL = "contact@exemple.gouv.fr"


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """The demo plus an episode whose title and summary hold every character to escape,
    a scheduled episode and a draft."""
    project = copy_site(tmp_path_factory.mktemp("feeds"))
    config = project / "mkdocs.yml"
    owner = 'email: !ENV [PODCAST_OWNER_EMAIL, ""]'
    assert owner in config.read_text(encoding="utf-8")
    config.write_text(
        config.read_text(encoding="utf-8").replace(owner, f"email: {OWNER_EMAIL}"),
        encoding="utf-8",
    )
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
        extra=(
            "speakers:\n  - role: Référente\n    organisation: DINUM\n    name: Camille Martin\n"
            "  - role: Chef de projet\n    organisation: MTE\n"
        ),
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
    # The demo is a special (« hors-série »): no number, Apple's « bonus » episode type.
    assert "itunes_episode" not in demo and demo.itunes_episodetype == "bonus"
    first = next(
        e for e in feed.entries if e.link == f"{SITE}episodes/presentation-du-reseau-des-referents/"
    )
    assert first.itunes_episode == "1" and first.itunes_episodetype == "full"
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
    assert transcripts == {"text/vtt", "text/plain"}
    assert item.find("podcast:season", ns).text == "1"
    assert item.find("podcast:episode", ns) is None


ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"


def site_file(result, url: str) -> Path:
    """The built file an absolute URL of the site points at."""
    assert url.startswith(SITE), url
    return result.site / urlparse(url).path.lstrip("/")


def test_podcast_apps_find_the_show_they_require(hostile_build):
    channel = ET.parse(hostile_build.site / "episodes" / "feed.xml").getroot().find("channel")
    # Apple: a square JPEG or PNG cover of 1400 to 3000 px, in RGB.
    cover_url = channel.find(f"{ITUNES}image").get("href")
    assert channel.findtext("image/url") == cover_url
    with Image.open(site_file(hostile_build, cover_url)) as cover:
        assert cover.format in {"JPEG", "PNG"} and cover.mode == "RGB"
        assert cover.width == cover.height and 1400 <= cover.width <= 3000
    # Apple's artwork rule holds for episodes too: none is given (the posters are WebP).
    assert not [i for i in channel.iter("item") if i.find(f"{ITUNES}image") is not None]
    # Apple: a category of its own list; Spotify: the owner's address.
    category = channel.find(f"{ITUNES}category")
    assert category.get("text") in APPLE_CATEGORIES
    assert channel.findtext(f"{ITUNES}owner/{ITUNES}email") == OWNER_EMAIL
    assert channel.findtext(f"{ITUNES}owner/{ITUNES}name").endswith("(MiNumEco)")
    assert channel.findtext(f"{ITUNES}explicit") == "false"
    # Podcast Index: the UUIDv5 of the feed's URL without its scheme, and the lock.
    namespace = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
    expected = uuid.uuid5(namespace, "127.0.0.1:8000/episodes/feed.xml")
    assert channel.findtext(f"{PODCAST}guid") == str(expected)
    locked = channel.find(f"{PODCAST}locked")
    assert (locked.text, locked.get("owner")) == ("yes", OWNER_EMAIL)


def test_podcast_apps_find_every_file_of_an_episode(hostile_build):
    root = ET.parse(hostile_build.site / "episodes" / "feed.xml").getroot()
    demo = next(i for i in root.iter("item") if i.findtext("link").endswith("/demo-video-sobre/"))
    # AAC as the enclosure; Opus and the videos as alternates, each with its real size.
    alternates = demo.findall(f"{PODCAST}alternateEnclosure")
    assert [a.get("type") for a in alternates] == [
        "audio/mp4",
        "audio/ogg",
        "video/webm",
        "video/webm",
    ]
    for alternate in alternates:
        (source,) = alternate.findall(f"{PODCAST}source")
        built = site_file(hostile_build, source.get("uri"))
        assert int(alternate.get("length")) == built.stat().st_size
        assert int(alternate.get("bitrate")) == round(built.stat().st_size * 8 / 27)
    assert [a.get("default") for a in alternates] == ["true", None, None, None]
    assert [a.get("height") for a in alternates] == [None, None, "240", "360"]
    # The transcript as a plain-text document, not the page.
    transcript = next(
        t for t in demo.findall(f"{PODCAST}transcript") if t.get("type") == "text/plain"
    )
    text = site_file(hostile_build, transcript.get("url")).read_text(encoding="utf-8")
    assert text.startswith("Bienvenue dans cet épisode") and "<" not in text
    # Chapters link the doctrine they cite, which is a page of the site.
    chapters_url = demo.find(f"{PODCAST}chapters").get("url")
    chapters = json.loads(site_file(hostile_build, chapters_url).read_text(encoding="utf-8"))
    links = [c.get("url") for c in chapters["chapters"]]
    assert links == [
        None,
        SITE + "doctrine/video-sobre/#definition",
        SITE + "doctrine/video-sobre/#accessibilite",
        SITE + "doctrine/rgesn/#video",
    ]
    for link in links[1:]:
        assert site_file(hostile_build, link.split("#")[0] + "index.html").is_file()
    # Named speakers only.
    named = next(i for i in root.iter("item") if "caracteres-speciaux" in i.findtext("link"))
    assert [p.text for p in named.findall(f"{PODCAST}person")] == ["Camille Martin"]
    assert demo.findall(f"{PODCAST}person") == []


def absolute(url: str | None) -> bool:
    parsed = urlparse(url or "")
    return parsed.scheme in {"http", "https"} and bool(parsed.netloc)


@pytest.mark.parametrize("feed", ["episodes/feed.xml", "themes/video-sobre/feed.xml"])
def test_rss_feeds_pass_the_w3c_validator_s_offline_rules(hostile_build, feed):
    """What the W3C feed validator checks without the network, on every RSS feed."""
    root = ET.fromstring((hostile_build.site / feed).read_bytes())  # well-formed XML
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert (channel.findtext(required) or "").strip(), required
    assert absolute(channel.findtext("link"))
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    assert self_link.get("rel") == "self" and self_link.get("href") == SITE + feed
    dates = [channel.findtext("lastBuildDate")] + [i.findtext("pubDate") for i in root.iter("item")]
    for date in dates:
        # RFC 822 with a numeric zone, as email.utils reads it.
        assert parsedate_to_datetime(date).tzinfo is not None, date
    guids = [i.findtext("guid") for i in root.iter("item")]
    assert len(guids) == len(set(guids)) and all(guids)
    for item in root.iter("item"):
        assert item.findtext("title") or item.findtext("description")
        assert absolute(item.findtext("link"))
        guid = item.find("guid")
        assert guid.get("isPermaLink") != "true" or absolute(guid.text)
        for enclosure in item.findall("enclosure"):
            assert absolute(enclosure.get("url"))
            assert int(enclosure.get("length")) > 0
            assert re.fullmatch(r"(audio|video)/[a-z0-9.+-]+", enclosure.get("type"))
    # Every address in the namespaces' attributes is absolute too.
    for element in root.iter():
        for name in ("url", "uri", "href"):
            if element.get(name) is not None:
                assert absolute(element.get(name)), (element.tag, element.get(name))


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
    expected = {"number", "special", "season", "slug", "title", "date", "summary",
                "duration_seconds", "url", "embed_url", "image", "themes", "speakers", "video",
                "audio", "audio_files", "captions", "transcript_url", "transcript_text_url",
                "chapters", "resources"}  # fmt: skip
    assert set(demo) == expected
    assert [f["type"] for f in demo["audio_files"]] == ["audio/mp4", "audio/ogg"]
    assert demo["audio"]["type"] == "audio/mp4"
    assert demo["transcript_text_url"] == f"{SITE}episodes/demo-video-sobre/transcription.txt"
    assert demo["url"] == f"{SITE}episodes/demo-video-sobre/"
    assert (demo["number"], demo["special"]) == (None, True)
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
    assert 'title="Hors-série : ' in code


def test_series_page_tells_how_to_subscribe(hostile_build):
    page = hostile_build.html("episodes/")
    links = {a.get_text(strip=True): a["href"] for a in page.select(".ep-subscribe a")}
    assert links["Flux RSS"] == "feed.xml"
    assert links["Données ouvertes"] == "../api/episodes.json"
