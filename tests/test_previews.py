"""The built site as link-preview clients and crawlers read it: oEmbed discovery and
answers (WordPress, Discourse, Mastodon), OpenGraph and Twitter tags on every page
(Slack, Element, LinkedIn, X), schema.org data, the sitemaps and robots.txt."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

import yaml
from bs4 import BeautifulSoup
from conftest import REPO
from PIL import Image

SITE = "http://127.0.0.1:8000/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
VIDEO = "{http://www.google.com/schemas/sitemap-video/1.1}"


def local(site: Path, url: str) -> Path:
    """The built file an absolute URL of the site names."""
    assert url.startswith(SITE), url
    path = site / urlparse(url).path.lstrip("/")
    return path / "index.html" if url.endswith("/") else path


def episodes() -> dict[str, dict]:
    """The demo's published episodes, by slug, as their files say."""
    found = {}
    for path in (REPO / "episodes").glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found[data["slug"]] = data
    return found


def pages(site: Path) -> list[Path]:
    """Every page a visitor may share: all HTML but Pagefind's files."""
    return [path for path in sorted(site.rglob("*.html")) if "pagefind" not in path.parts]


def tags(page: BeautifulSoup) -> dict[str, str]:
    return {
        tag.get("property") or tag.get("name"): tag["content"]
        for tag in page.select("head meta[content]")
        if tag.get("property") or tag.get("name")
    }


def test_every_page_has_opengraph_and_twitter_tags_with_a_real_image(demo_build):
    site = demo_build.site
    seen = pages(site)
    assert len(seen) >= 30
    checked_images: dict[str, tuple[int, int]] = {}
    for path in seen:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        meta = tags(page)
        shown = path.relative_to(site)
        for name in ("og:type", "og:title", "og:description", "og:site_name", "og:image"):
            assert meta.get(name), f"{shown}: {name}"
        assert meta["og:locale"] == "fr_FR"
        assert meta["og:site_name"] == "Référents numérique écoresponsable"
        # The page's own address, but for the 404 page, which has none.
        if path.name != "404.html":
            canonical = page.select_one("link[rel=canonical]")["href"]
            assert meta["og:url"] == canonical, shown
        # A JPEG of 1200 × 630 that exists, its size as the tags say, and what it shows.
        image = meta["og:image"]
        assert image.endswith(".jpg") and meta["og:image:type"] == "image/jpeg", shown
        if image not in checked_images:
            with Image.open(local(site, image)) as opened:
                assert opened.format == "JPEG"
                checked_images[image] = opened.size
        size = (int(meta["og:image:width"]), int(meta["og:image:height"]))
        assert size == checked_images[image] == (1200, 630), shown
        assert len(meta["og:image:alt"]) > 20, shown
        assert meta["twitter:card"] in {"summary_large_image", "player"}, shown
    # Episodes show their own poster; every other page the site's card.
    assert len(checked_images) == len(episodes()) + 1


def test_an_episode_page_is_a_video_card_and_offers_oembed_discovery(demo_build):
    site = demo_build.site
    for slug, data in episodes().items():
        page = demo_build.html(f"episodes/{slug}/")
        meta = tags(page)
        # Its embed page, pasted elsewhere, is the same video card.
        embed = tags(demo_build.html(f"episodes/{slug}/embed/"))
        assert {k: v for k, v in embed.items() if k.startswith(("og:", "twitter:"))} == {
            k: v for k, v in meta.items() if k.startswith(("og:", "twitter:"))
        }
        assert meta["og:type"] == "video.episode"
        assert meta["og:title"] == data["title"]
        # « Épisode 2 : … », or « Hors-série : … » for a special: the page's own heading.
        heading = page.find("h1").get_text(strip=True)
        assert meta["og:image:alt"] == f"Affiche de la vidéo « {heading} »"
        assert meta["twitter:card"] == "player"
        assert meta["twitter:player"] == f"{SITE}episodes/{slug}/embed/"
        assert (meta["twitter:player:width"], meta["twitter:player:height"]) == ("640", "420")
        assert local(site, meta["twitter:player"]).is_file()
        assert meta["twitter:image"] == meta["og:image"]
        (link,) = page.select('link[rel=alternate][type="application/json+oembed"]')
        assert link["href"] == f"{SITE}oembed/{slug}.json"
        answer = json.loads(local(site, link["href"]).read_text(encoding="utf-8"))
        # oEmbed 1.0, section 2.3.4: a video answer's required fields.
        assert answer["version"] == "1.0" and answer["type"] == "video"
        assert isinstance(answer["width"], int) and isinstance(answer["height"], int)
        frame = BeautifulSoup(answer["html"], "html.parser").find("iframe")
        assert frame["src"] == meta["twitter:player"]
        assert (frame["width"], frame["height"]) == ("640", "420") and frame["title"]
        assert answer["title"] == data["title"]
        assert answer["provider_url"] == SITE and answer["provider_name"]
        assert answer["thumbnail_url"] == meta["og:image"]
        with Image.open(local(site, answer["thumbnail_url"])) as thumbnail:
            assert thumbnail.format in {"JPEG", "PNG"}
            assert thumbnail.size == (answer["thumbnail_width"], answer["thumbnail_height"])
    # No oEmbed answer for anything else.
    assert {p.stem for p in (site / "oembed").glob("*.json")} == set(episodes())


def structured(page: BeautifulSoup) -> list[dict]:
    (script,) = page.select('script[type="application/ld+json"]')
    return json.loads(script.string)["@graph"]


def test_the_home_page_and_the_series_index_have_their_schema_org_data(demo_build):
    home = {node["@type"]: node for node in structured(demo_build.html(""))}
    assert home["WebSite"]["url"] == SITE
    assert home["WebSite"]["publisher"] == {"@id": home["Organization"]["@id"]}
    logo = home["Organization"]["logo"]["url"]
    with Image.open(local(demo_build.site, logo)) as image:
        assert image.format == "PNG"
    index = {node["@type"]: node for node in structured(demo_build.html("episodes/"))}
    listed = [item["url"] for item in index["ItemList"]["itemListElement"]]
    shown = [
        SITE + "episodes/" + a["href"].strip("./").split("/")[-1] + "/"
        for a in demo_build.html("episodes/").select(".ep-card__title a")
    ]
    assert listed and listed == shown
    assert index["CreativeWorkSeries"]["publisher"] == {"@id": index["Organization"]["@id"]}


def test_sitemap_dates_come_from_the_content_never_from_the_build_day(demo_build):
    site = demo_build.site
    root = ET.parse(site / "sitemap.xml").getroot()
    dates = {
        entry.findtext(f"{SITEMAP}loc"): entry.findtext(f"{SITEMAP}lastmod")
        for entry in root.iter(f"{SITEMAP}url")
    }
    published = episodes()
    for slug, data in published.items():
        assert dates[f"{SITE}episodes/{slug}/"] == str(data["date"])
    reviewed = yaml.safe_load(
        (REPO / "docs/doctrine/rgesn.md").read_text(encoding="utf-8").split("---")[1]
    )["reviewed"]
    assert dates[f"{SITE}doctrine/rgesn/"] == str(reviewed)
    # The index lists every episode; the home page shows the latest numbered one.
    assert dates[f"{SITE}episodes/"] == max(str(data["date"]) for data in published.values())
    numbered = [str(data["date"]) for data in published.values() if not data.get("special")]
    assert dates[SITE] == max(numbered)
    # A page without a date of its own has no lastmod, rather than the build's day.
    assert dates[f"{SITE}mentions-legales/"] is None
    content_dates = {str(d["date"]) for d in published.values()} | {str(reviewed)}
    assert dt.date.today().isoformat() not in set(dates.values()) - content_dates


def test_the_video_sitemap_and_robots_txt(demo_build):
    site = demo_build.site
    robots = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in robots
    assert f"Sitemap: {SITE}sitemap.xml" in robots
    assert f"Sitemap: {SITE}sitemap-videos.xml" in robots
    root = ET.parse(site / "sitemap-videos.xml").getroot()
    entries = {
        entry.findtext(f"{SITEMAP}loc"): entry.find(f"{VIDEO}video")
        for entry in root.iter(f"{SITEMAP}url")
    }
    published = episodes()
    assert set(entries) == {f"{SITE}episodes/{slug}/" for slug in published}
    for slug, data in published.items():
        video = entries[f"{SITE}episodes/{slug}/"]
        assert video.findtext(f"{VIDEO}title") == data["title"]
        assert video.findtext(f"{VIDEO}description")
        assert local(site, video.findtext(f"{VIDEO}thumbnail_loc")).is_file()
        player = video.findtext(f"{VIDEO}player_loc")
        content = video.findtext(f"{VIDEO}content_loc")
        assert player or content
        if content:
            assert local(site, content).is_file()
        moment = dt.datetime.fromisoformat(video.findtext(f"{VIDEO}publication_date"))
        assert moment.date() == data["date"] and moment.utcoffset() is not None
        if "duration" in data:
            assert 1 <= int(video.findtext(f"{VIDEO}duration")) <= 28_800
