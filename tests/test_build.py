"""A real `mkdocs build --strict` of the demo site, its HTML parsed and checked."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import yaml
from conftest import REPO, BuildResult, add_hook, copy_episode, folder_files, set_plugin_option

EPISODE_FILES = sorted((REPO / "episodes").glob("*.yml"))


def published_episodes() -> list[dict]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in EPISODE_FILES]


def heading(episode: dict) -> str:
    """What a page or a card calls an episode: its number, or « Hors-série » for a special."""
    label = "Hors-série" if episode.get("special") else f"Épisode {episode['number']}"
    return f"{label} : {episode['title']}"


def all_html(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def sidebar_links(result: BuildResult, url: str) -> int:
    page = result.html(url)
    return len(page.select(".md-sidebar--primary a"))


def test_every_episode_has_its_page_at_its_slug(demo_build):
    episodes = published_episodes()
    assert len(episodes) >= 6
    for episode in episodes:
        page = demo_build.html(f"episodes/{episode['slug']}/")
        assert page.find("h1").get_text(" ", strip=True) == heading(episode)
        assert page.find("time", attrs={"datetime": str(episode["date"])})


def test_series_index_lists_every_episode_newest_first(demo_build):
    page = demo_build.html("episodes/")
    titles = [a.get_text(strip=True) for a in page.select(".ep-card__title a")]
    # By number, newest first; the demo, a special dated after the others, comes first.
    expected = sorted(published_episodes(), key=lambda e: e.get("number") or 99, reverse=True)
    assert titles == [heading(e) for e in expected]
    assert titles[0].startswith("Hors-série : Démonstration")
    # The count is the series' own: the special is listed but not counted.
    numbered = [e for e in published_episodes() if not e.get("special")]
    assert f"{len(numbered)} épisodes et 1 hors-série" in page.select_one("h1 + p").get_text()
    for card in page.select(".ep-card"):
        assert card.find("img")["src"].endswith((".png", ".webp", ".avif", ".jpg"))
        assert card.select_one(".ep-card__summary").get_text(strip=True)


def test_episode_page_shows_facts_player_chapters_transcript_and_links(demo_build):
    page = demo_build.html("episodes/demo-video-sobre/")
    assert page.find("time", attrs={"datetime": re.compile(r"^PT")})  # duration
    assert page.select(".ep-speakers li")
    chapters = [link["href"] for link in page.select(".ep-chapters a[href^='#t=']")]
    assert chapters == ["#t=0", "#t=9", "#t=15", "#t=20"]
    transcript = page.find(id="transcription")
    assert transcript is not None
    assert "Bienvenue" in transcript.find_next("p").get_text()
    assert page.select_one('.ep-links a[href*="doctrine/"]')
    assert page.select_one(".ep-themes a[href*='themes/']")
    # A special stands outside the sequence; an episode of the series links its neighbours.
    assert not page.select(".ep-sequence a")
    neighbours = demo_build.html("episodes/les-enjeux/").select(".ep-sequence a")
    assert [a["rel"][0] for a in neighbours] == ["prev", "next"]
    assert neighbours[1].get_text(" ", strip=True).startswith("Épisode suivant 3.")


def test_self_hosted_player_loads_nothing_before_play(demo_build):
    page = demo_build.html("episodes/demo-video-sobre/")
    video = page.find("video")
    assert video["preload"] == "none"
    assert "autoplay" not in video.attrs
    assert video.has_attr("controls")
    assert video["poster"]
    assert len(video.find_all("source")) >= 2
    track = video.find("track")
    assert track["kind"] == "captions"
    assert track["srclang"] == "fr"
    assert (demo_build.site / "episodes/demo-video-sobre" / Path(track["src"]).name).is_file()
    audio = page.find("audio")
    assert audio["preload"] == "none"


def test_no_autoplay_anywhere(demo_build):
    for path in all_html(demo_build.site):
        text = path.read_text(encoding="utf-8")
        assert "autoplay" not in text.lower(), path


def test_third_party_video_is_a_facade_without_iframe(demo_build):
    page = demo_build.html("episodes/les-enjeux/")
    facade = page.select_one(".ep-facade")
    assert facade["data-ep-embed"] == "https://www.dailymotion.com/embed/video/x9368gg"
    button = facade.find("button")
    assert "Lire la vidéo sur Dailymotion" in button.get_text(" ", strip=True)
    notice = page.select_one(".ep-facade__notice").get_text(" ", strip=True)
    assert "Dailymotion" in notice
    assert "données" in notice
    poster = facade.find("img")["src"]
    assert not urlparse(poster).netloc
    for path in all_html(demo_build.site):
        assert "<iframe" not in path.read_text(encoding="utf-8"), path


def test_no_resource_is_loaded_from_a_third_party_host(demo_build):
    loading = {
        "img": ["src", "srcset"],
        "script": ["src"],
        "source": ["src", "srcset"],
        "track": ["src"],
        "video": ["src", "poster"],
        "audio": ["src"],
        "iframe": ["src"],
        "embed": ["src"],
        "object": ["data"],
        "link": ["href"],
    }
    for path in all_html(demo_build.site):
        page = demo_build.html(str(path.relative_to(demo_build.site)))
        for tag, attributes in loading.items():
            for element in page.find_all(tag):
                if tag == "link" and not set(element.get("rel", [])) & {
                    "stylesheet",
                    "preload",
                    "prefetch",
                    "icon",
                    "modulepreload",
                    "preconnect",
                    "dns-prefetch",
                }:
                    continue
                for attribute in attributes:
                    value = element.get(attribute)
                    if value:
                        host = urlparse(value.split()[0]).netloc
                        assert host in ("", "127.0.0.1:8000"), (path, tag, value)
        text = path.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_theme_pages_list_their_episodes(demo_build):
    episodes = published_episodes()
    themes = {theme for episode in episodes for theme in episode["themes"]}
    for theme in themes:
        page = demo_build.html(f"themes/{theme}/")
        titles = {a.get_text(strip=True) for a in page.select(".ep-row__title a")}
        assert not page.select("img"), "theme pages list episodes in text"
        expected = {heading(e) for e in episodes if theme in e["themes"]}
        assert titles == expected
    index = demo_build.html("themes/")
    assert len(index.select(".ep-theme-list li")) >= len(themes)


def test_home_page_shows_the_latest_episode_and_leads_to_the_series(demo_build):
    page = demo_build.html("")
    # The latest of the series' own episodes: never the demo, a special.
    numbered = [e for e in published_episodes() if not e.get("special")]
    latest = max(numbered, key=lambda e: e["number"])
    card = page.select_one(".home-latest .ep-card__title a")
    assert card.get_text(strip=True) == heading(latest)
    assert card["href"] == f"episodes/{latest['slug']}/"
    more = page.select_one(".home-latest a[href$='episodes/']")
    assert more.get_text(strip=True) == f"Voir les {len(numbered)} épisodes de la série"


def test_every_page_carries_the_state_header_and_footer(demo_build):
    for path in all_html(demo_build.site):
        # The 404 page and the standalone embed pages (made for iframes) are apart.
        if path.name == "404.html" or path.parent.name == "embed":
            continue
        page = demo_build.html(str(path.relative_to(demo_build.site)))
        assert "République" in page.select_one(".rf-brand").get_text(), path
        footer = page.select_one(".rf-footer")
        links = {a.get_text(strip=True) for a in footer.find_all("a")}
        assert {
            "info.gouv.fr",
            "service-public.gouv.fr",
            "legifrance.gouv.fr",
            "data.gouv.fr",
        } <= links
        assert {"Mentions légales", "Données personnelles", "Plan du site"} <= links
        assert any(link.startswith("Accessibilité : ") for link in links)
        assert "licence etalab-2.0" in footer.get_text()


def test_material_is_set_for_french_and_system_fonts(demo_build):
    page = demo_build.html("")
    assert page.find("html")["lang"] == "fr"
    assert not page.select('link[href*="fonts"]')


def test_nothing_is_written_into_docs(demo_build):
    assert not (demo_build.site.parent / "docs" / "episodes").exists()
    assert not (demo_build.site.parent / "docs" / "themes").exists()


def test_one_new_yaml_file_adds_its_page_card_and_theme_listing(site_copy, build):
    before = build(site_copy)
    (site_copy / "episodes" / "99-nouveau.yml").write_text(
        "number: 99\n"
        "slug: un-nouvel-episode\n"
        "title: Un nouvel épisode\n"
        "date: 2024-10-01\n"
        "summary: Ajouté par un seul fichier.\n"
        "themes: [financement]\n"
        "video: {host: youtube, id: aqz-KE-bpKQ}\n"
        "poster: posters/episode-05.png\n",
        encoding="utf-8",
    )
    after = build(site_copy)
    assert after.returncode == 0, after.output
    page = after.html("episodes/un-nouvel-episode/")
    assert page.find("h1").get_text(strip=True) == "Épisode 99 : Un nouvel épisode"
    facade = page.select_one(".ep-facade")
    assert facade["data-ep-embed"] == "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"
    index_titles = [a.get_text(strip=True) for a in after.html("episodes/").select(".ep-card a")]
    # First of the series' episodes (the demo, a special published later, is listed above).
    numbered = [title for title in index_titles if title.startswith("Épisode")]
    assert numbered[0] == "Épisode 99 : Un nouvel épisode"
    theme_titles = [
        a.get_text(strip=True) for a in after.html("themes/financement/").select(".ep-row__title a")
    ]
    assert "Épisode 99 : Un nouvel épisode" in theme_titles
    # The sidebar of every page keeps its size.
    assert sidebar_links(after, "doctrine/rgesn/") == sidebar_links(before, "doctrine/rgesn/")


def test_sidebar_does_not_grow_with_the_number_of_episodes(site_copy, build):
    before = build(site_copy)
    for number in range(100, 130):
        copy_episode(site_copy, number, f"episode-{number}")
    after = build(site_copy)
    assert after.returncode == 0, after.output
    for url in ("", "doctrine/rgesn/", "episodes/"):
        assert sidebar_links(after, url) == sidebar_links(before, url)
    assert sidebar_links(after, "episodes/episode-120/") == sidebar_links(
        before, "episodes/les-enjeux/"
    )


def test_index_and_theme_pages_are_paginated(site_copy, build):
    set_plugin_option(site_copy, "per_page", 2)
    set_plugin_option(site_copy, "per_theme_page", 1)
    result = build(site_copy)
    assert result.returncode == 0, result.output
    count = len(published_episodes())
    pages = -(-count // 2)
    seen = []
    for number in range(1, pages + 1):
        url = "episodes/" if number == 1 else f"episodes/page/{number}/"
        page = result.html(url)
        cards = page.select(".ep-card")
        assert 1 <= len(cards) <= 2
        seen += [a.get_text(strip=True) for a in page.select(".ep-card__title a")]
        current = page.select_one(".ep-pagination [aria-current=page]")
        assert current.get_text(strip=True) == f"Page {number}"
        assert len(page.select(".ep-pagination li")) >= pages
    assert len(seen) == count == len(set(seen))
    assert not (result.site / "episodes" / "page" / str(pages + 1)).exists()
    previous = result.html("episodes/page/2/").select_one("a[rel=prev]")["href"]
    assert urljoin("/episodes/page/2/", previous) == "/episodes/"
    themes = [theme for episode in published_episodes() for theme in episode["themes"]]
    theme = max(set(themes), key=themes.count)
    listed = []
    for number in range(1, themes.count(theme) + 1):
        url = f"themes/{theme}/" + (f"page/{number}/" if number > 1 else "")
        listed += [a.get_text(strip=True) for a in result.html(url).select(".ep-row__title a")]
    assert len(listed) == len(set(listed)) == themes.count(theme) >= 2


def test_scheduled_and_draft_episodes_stay_out_unless_asked(site_copy, build):
    copy_episode(site_copy, 80, "a-venir", {"date: 2024-07-21": "date: 2999-01-01"})
    copy_episode(site_copy, 81, "brouillon", extra="draft: true\n")
    result = build(site_copy)
    assert result.returncode == 0, result.output
    assert not (result.site / "episodes" / "a-venir").exists()
    assert not (result.site / "episodes" / "brouillon").exists()
    assert "a-venir" not in (result.site / "episodes" / "index.html").read_text(encoding="utf-8")
    set_plugin_option(site_copy, "drafts", "true")
    with_drafts = build(site_copy)
    assert with_drafts.returncode == 0, with_drafts.output
    assert (with_drafts.site / "episodes" / "a-venir" / "index.html").is_file()
    assert (with_drafts.site / "episodes" / "brouillon" / "index.html").is_file()


def test_invalid_episode_fails_the_build_with_a_located_french_message(site_copy, build):
    path = site_copy / "episodes" / "02-les-enjeux.yml"
    path.write_text(path.read_text(encoding="utf-8") + "dure: 4:32\n", encoding="utf-8")
    result = build(site_copy)
    assert result.returncode != 0
    assert "episodes/02-les-enjeux.yml:" in result.output
    assert "dure: champ inconnu « dure »" in result.output
    assert "Traceback" not in result.output
    assert not (result.site / "index.html").exists()


def test_doctrine_link_to_a_missing_page_or_anchor_fails_the_build(site_copy, build):
    path = site_copy / "episodes" / "02-les-enjeux.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "  - doctrine/absente.md\n", encoding="utf-8")
    result = build(site_copy)
    assert result.returncode != 0
    assert "doctrine[3]: la page « doctrine/absente.md » n'existe pas" in result.output
    path.write_text(text + "  - doctrine/enjeux.md#ancre-absente\n", encoding="utf-8")
    result = build(site_copy)
    assert result.returncode != 0
    assert "doctrine[3]: l'ancre « #ancre-absente » n'existe pas" in result.output
    assert "Traceback" not in result.output


HOSTILE = 'Les <script>alert(1)</script> "enjeux" & -->'


def test_publisher_text_is_escaped_not_interpreted(site_copy, build):
    path = site_copy / "episodes" / "02-les-enjeux.yml"
    text = path.read_text(encoding="utf-8")
    quoted = HOSTILE.replace("'", "''")
    text = text.replace("title: Les enjeux", f"title: '{quoted}'")
    text = text.replace(
        "summary: >-", f"speakers:\n  - role: '{quoted}'\n    organisation: O\nsummary: >-"
    )
    text = text.replace(
        "  L'empreinte environnementale", "  </script><script>alert(2)</script> L'empreinte"
    )
    # Raw HTML that could run (notes, transcripts, docs pages) is refused before it gets
    # here: see test_bad_input.py.
    path.write_text(text, encoding="utf-8")
    result = build(site_copy)
    assert result.returncode == 0, result.output
    for page_path in all_html(result.site):
        html = page_path.read_text(encoding="utf-8")
        for attack in (
            "alert(1)</script>",
            "<script>alert(2)",
            "alert(3)",
            "onerror",
            "javascript:",
        ):
            assert attack not in html.replace("&lt;script&gt;alert(1)&lt;/script&gt;", ""), (
                page_path,
                attack,
            )
        assert "<iframe" not in html
    page = result.html("episodes/les-enjeux/")
    # Shown exactly as written: in text, in attributes and in the page title.
    assert page.find("h1").get_text() == f"Épisode 2 : {HOSTILE}"
    assert page.select_one(".ep-speakers li").get_text().startswith(HOSTILE)
    assert page.select_one(".ep-facade")["data-ep-title"] == f"Lecteur Dailymotion : {HOSTILE}"
    assert page.find("title").get_text().startswith(f"Épisode 2 : {HOSTILE}")
    description = page.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("</script><script>alert(2)</script> L'empreinte")
    card = result.html("episodes/").find("a", string=f"Épisode 2 : {HOSTILE}")
    assert card is not None


def test_a_renamed_page_fails_the_build_until_a_redirect_is_declared(site_copy, build):
    first = build(site_copy)
    assert first.returncode == 0, first.output
    listed = (site_copy / "urls.txt").read_text(encoding="utf-8")
    assert "/doctrine/rgesn/\n" in listed and "/episodes/feed.xml\n" in listed
    docs = site_copy / "docs" / "doctrine"
    (docs / "rgesn.md").rename(docs / "referentiel-ecoconception.md")
    for path in [*site_copy.rglob("*.md"), *site_copy.rglob("*.yml")]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("rgesn.md", "referentiel-ecoconception.md"), encoding="utf-8")
    failed = build(site_copy)
    assert failed.returncode != 0
    assert "adresse publiée supprimée sans redirection : /doctrine/rgesn/" in failed.output
    assert "Traceback" not in failed.output
    config = site_copy / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "      search: true\n",
            "      search: true\n      redirects:\n        doctrine/rgesn/: doctrine/referentiel-ecoconception/\n",
        ),
        encoding="utf-8",
    )
    fixed = build(site_copy)
    assert fixed.returncode == 0, fixed.output
    redirect = fixed.html("doctrine/rgesn/")
    assert (
        redirect.find("meta", attrs={"http-equiv": "refresh"})["content"]
        == "0; url=../referentiel-ecoconception/"
    )
    assert redirect.find("link", rel="canonical")["href"].endswith(
        "/doctrine/referentiel-ecoconception/"
    )
    assert "/doctrine/referentiel-ecoconception/\n" in (site_copy / "urls.txt").read_text(
        encoding="utf-8"
    )


def test_redirects_are_validated(site_copy, build):
    config = site_copy / "mkdocs.yml"
    base = config.read_text(encoding="utf-8")
    cases = {
        "doctrine/a/: doctrine/absente/": "la cible n'existe pas",
        "doctrine/a/: doctrine/b/\n        doctrine/b/: doctrine/rgesn/": "chaîne",
        "doctrine/a/: doctrine/b/\n        doctrine/b/: doctrine/a/": "boucle",
        "doctrine/enjeux/: doctrine/rgesn/": "existe encore",
    }
    for redirects, words in cases.items():
        config.write_text(
            base.replace(
                "      search: true\n",
                f"      search: true\n      redirects:\n        {redirects}\n",
            ),
            encoding="utf-8",
        )
        result = build(site_copy)
        assert result.returncode != 0, redirects
        assert words in result.output, result.output


def test_doctrine_pages_show_their_review_and_the_moments_that_cite_them(demo_build):
    for path in (REPO / "docs" / "doctrine").glob("*.md"):
        if path.name == "index.md":
            continue
        page = demo_build.html(f"doctrine/{path.stem}/")
        assert page.select_one(".ep-reviewed time")["datetime"] == "2026-11-28", path
    page = demo_build.html("doctrine/video-sobre/")
    citations = [li.get_text(" ", strip=True) for li in page.select(".ep-citations li")]
    assert any("l'épisode hors-série" in text and "à 00:09" in text for text in citations)
    moment = page.select_one('.ep-citations a[href$="#t=9"]')
    assert moment["href"] == "../../episodes/demo-video-sobre/#t=9"
    cited = {
        str(link).split("#")[0]
        for path in EPISODE_FILES
        for link in yaml.safe_load(path.read_text(encoding="utf-8")).get("doctrine", [])
    }
    for doc in cited:
        page = demo_build.html(doc.replace(".md", "/"))
        assert page.select(".ep-citations li"), doc


def test_resources_page_by_type_with_citing_episodes(demo_build):
    page = demo_build.html("ressources/")
    sections = [h2["id"] for h2 in page.select(".ep-resource-section h2")]
    assert "referentiel" in sections and "guide" in sections
    ftap = page.select_one("#ressource-ftap")
    assert ftap.find("a")["href"].startswith("https://www.modernisation.gouv.fr/")
    assert "épisode 5" in ftap.get_text(" ")
    assert "licence" in ftap.select_one(".ep-resource__facts").get_text()
    assert page.select_one('a[href="#theme-financement"]')
    episode = demo_build.html("episodes/financer-vos-projets-ftap/")
    assert episode.select_one('.ep-links a[href="../../ressources/#ressource-ftap"]')


def test_network_page_from_declared_data(site_copy, build):
    data = site_copy / "donnees" / "reseau.yml"
    data.write_text(
        data.read_text(encoding="utf-8")
        .replace(
            "meetings: []\n",
            "meetings:\n"
            "  - date: 2024-10-15\n    title: Réunion d'automne\n    agenda: [Feuilles de route]\n"
            "    replay: les-enjeux\n"
            "  - date: 2999-03-01\n    title: Réunion future\n",
        )
        .replace(
            "  - id: culture\n    name: Ministère de la Culture\n",
            "  - id: culture\n    name: Ministère de la Culture\n    status: adoptee\n"
            "    status_date: 2025-06-30\n    roadmap_url: https://www.culture.gouv.fr/\n",
        ),
        encoding="utf-8",
    )
    result = build(site_copy)
    assert result.returncode == 0, result.output
    page = result.html("reseau/")
    rows = page.select("table tbody tr")
    assert len(rows) == 8
    culture = page.select_one("tr#culture")
    assert "Adoptée (au 30 juin 2025)" in culture.get_text(" ")
    assert culture.find("a")["href"] == "https://www.culture.gouv.fr/"
    past = page.find(id="passees").find_next("ul")
    assert "Réunion d'automne" in past.get_text()
    assert past.find("a", string="Revoir la réunion")["href"] == "../episodes/les-enjeux/"
    assert "Réunion future" in page.find(id="a-venir").find_next("ul").get_text()


def test_shared_sidebars_are_exactly_those_each_page_would_render(demo_build, site_copy, build):
    # The same site with Material's sidebars rendered for every page (a hook, run after
    # the plugin, says no page shares them): not a byte differs.
    add_hook(
        site_copy,
        "no_sharing",
        "def on_env(env, config, files):\n"
        "    env.globals['episodes_sidebars_key'] = lambda page, nav: None\n",
    )
    unshared = build(site_copy)
    assert unshared.returncode == 0, unshared.output
    shared = folder_files(demo_build.site, "*.html")
    reference = folder_files(unshared.site, "*.html")
    assert shared.keys() == reference.keys()
    assert [name for name in shared if shared[name] != reference[name]] == []
    # Episode pages do share (six of them in the demo), with their links intact.
    assert sidebar_links(demo_build, "episodes/les-enjeux/") > 5
