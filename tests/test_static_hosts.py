"""`_headers` read as Netlify and Cloudflare Pages read it: each host's parser and path
matching, written here after their own code (Netlify: @netlify/headers-parser and the
CLI's headersForPath; Cloudflare: workers-shared parseHeaders, generateRulesMatcher and
the asset worker's header application), then asked what one response gets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from mkdocs_episodes.build.headers import SECURITY_HEADERS, write_security_headers
from mkdocs_episodes.build.static_hosts import header_rules, headers_file

CSP = "default-src 'self'; frame-ancestors 'self'"
EMBED_CSP = "default-src 'self'; frame-ancestors https:"
CORS_PATHS = [
    "/episodes/feed.xml",
    "/episodes/atom.xml",
    "/episodes/feed.json",
    "/themes/video-sobre/feed.xml",
    "/api/episodes.json",
    "/episodes/demo-video-sobre/chapitres.json",
    "/episodes/demo-video-sobre/transcription.txt",
    "/episodes/demo-video-sobre/captions.fr.vtt",
    "/oembed/demo-video-sobre.json",
]
OTHER_PATHS = [
    "/",
    "/episodes/demo-video-sobre/",
    "/episodes/demo-video-sobre/audio.m4a",
    "/doctrine/rgesn/",
    "/assets/episodes/episodes.1a2b3c4d5e.css",
]
EMBED_PATHS = ["/episodes/demo-video-sobre/embed/", "/episodes/demo-video-sobre/embed/index.html"]


# --- Cloudflare Pages ------------------------------------------------------------------


@dataclass
class CloudflareRule:
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    unset: list[str] = field(default_factory=list)


_CF_PATH_LINE = re.compile(r"^([^\s]+://|/)")
_CF_ESCAPE = re.compile(r"[-/\\^$*+?.()|[\]{}]")
_CF_PLACEHOLDER = re.compile(r":([A-Za-z]\w*)")


def cloudflare_parse(text: str) -> tuple[list[CloudflareRule], list[str]]:
    """Rules and the lines Cloudflare rejects (limits: 100 rules, 2,000 characters)."""
    rules: list[CloudflareRule] = []
    invalid: list[str] = []
    rule: CloudflareRule | None = None

    def close() -> None:
        if rule is not None:
            if rule.headers or rule.unset:
                rules.append(rule)
            else:
                invalid.append(f"{rule.path}: no headers")

    for raw in text.split("\n"):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if len(line) > 2000:
            invalid.append(f"line over 2,000 characters: {line[:40]}…")
            continue
        if _CF_PATH_LINE.match(line):
            if len(rules) >= 100:
                invalid.append("over 100 rules")
                break
            close()
            rule = CloudflareRule(line)
            continue
        if ":" not in line:
            if rule is not None and line.startswith("!"):
                rule.unset.append(line[1:].strip().lower())
            else:
                invalid.append(line)
            continue
        name, _, value = line.partition(":")
        name, value = name.strip().lower(), value.strip()
        if " " in name or not name or not value or rule is None:
            invalid.append(line)
            continue
        rule.headers[name] = f"{rule.headers[name]}, {value}" if name in rule.headers else value
    close()
    return rules, invalid


def cloudflare_pattern(path: str) -> re.Pattern[str] | None:
    """A rule's pattern as Cloudflare compiles it; None when it cannot (then the rule is
    silently left out)."""
    pattern = "(?P<splat>.*)".join(_CF_ESCAPE.sub(r"\\\g<0>", part) for part in path.split("*"))
    pattern = _CF_PLACEHOLDER.sub(r"(?P<\1>[^/]+)", pattern)
    try:
        return re.compile(f"^{pattern}$")
    except re.error:  # a group named twice: two splats, or a placeholder twice
        return None


def cloudflare_headers(text: str, path: str) -> dict[str, str]:
    """The headers Cloudflare Pages adds to the response for `path`."""
    rules, _ = cloudflare_parse(text)
    headers: dict[str, str] = {}
    seen: set[str] = set()
    for rule in rules:
        pattern = cloudflare_pattern(rule.path)
        if pattern is None or not pattern.match(path):
            continue
        for name in rule.unset:
            headers.pop(name, None)
        for name, value in rule.headers.items():
            # A header a previous rule set is appended to, not replaced.
            if name in seen and name in headers:
                headers[name] = f"{headers[name]}, {value}"
            else:
                headers[name] = value
                seen.add(name)
    return headers


# --- Netlify ---------------------------------------------------------------------------


def netlify_parse(text: str) -> list[tuple[str, dict[str, str]]]:
    rules: list[tuple[str, dict[str, str]]] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("/"):
            rules.append((line, {}))
            continue
        if ":" not in line:
            continue  # a line without a colon is skipped, the detach line included
        name, _, value = line.partition(":")
        name, value = name.strip(), value.strip()
        assert name and value and rules, f"Netlify refuses: {line}"
        values = rules[-1][1]
        values[name] = f"{values[name]}, {value}" if name in values else value
    return rules


def netlify_pattern(path: str) -> re.Pattern[str]:
    parts = []
    for part in filter(None, (p.rstrip() for p in path.split("/"))):
        if part.startswith(":"):
            parts.append("([^/]+)")
        elif part == "*":
            parts.append("?(.*)")
        elif "*" in part:
            parts.append(part.replace("*", "(.*)"))
        else:
            parts.append(re.escape(part))
    return re.compile("^/" + "/".join(parts) + "/?$", re.I)


def netlify_headers(text: str, path: str) -> dict[str, str]:
    """Netlify's headers for `path`: a later matching rule's header replaces an earlier."""
    headers: dict[str, str] = {}
    for rule_path, values in netlify_parse(text):
        if netlify_pattern(rule_path).match(path):
            headers.update(values)
    return {name.lower(): value for name, value in headers.items()}


HOSTS = {"Netlify": netlify_headers, "Cloudflare Pages": cloudflare_headers}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> str:
    site = tmp_path_factory.mktemp("site")
    write_security_headers(site, CSP, EMBED_CSP)
    return (site / "_headers").read_text(encoding="utf-8")


def test_cloudflare_accepts_every_line_and_every_rule(written):
    rules, invalid = cloudflare_parse(written)
    assert invalid == []
    assert [r.path for r in rules if cloudflare_pattern(r.path) is None] == []
    assert all(r.path.count("*") <= 1 for r in rules)


@pytest.mark.parametrize("host", HOSTS)
@pytest.mark.parametrize("path", EMBED_PATHS)
def test_embed_pages_get_their_own_policy_alone(written, host, path):
    headers = HOSTS[host](written, path)
    assert headers["content-security-policy"] == EMBED_CSP
    for name, value in SECURITY_HEADERS.items():
        assert headers[name.lower()] == value
    assert "access-control-allow-origin" not in headers


@pytest.mark.parametrize("host", HOSTS)
@pytest.mark.parametrize("path", CORS_PATHS + OTHER_PATHS)
def test_other_answers_get_the_site_policy_once_and_cors_where_apps_read(written, host, path):
    headers = HOSTS[host](written, path)
    assert headers["content-security-policy"] == CSP
    assert headers["referrer-policy"] == SECURITY_HEADERS["Referrer-Policy"]
    assert headers.get("access-control-allow-origin") == ("*" if path in CORS_PATHS else None)


@pytest.mark.parametrize("host", HOSTS)
def test_feeds_and_chapters_are_typed_as_their_clients_expect(written, host):
    headers = HOSTS[host]
    assert headers(written, "/episodes/feed.json")["content-type"] == "application/feed+json"
    chapters = headers(written, "/episodes/demo-video-sobre/chapitres.json")
    assert chapters["content-type"] == "application/json+chapters"
    assert "content-type" not in headers(written, "/api/episodes.json")


def test_the_former_file_is_what_the_parsers_catch():
    """The rules as they were: two splats in the embed rule, no detach. Cloudflare
    drops the rule (embed pages keep the site's policy: other sites cannot frame them);
    with the splats fixed, its policies would be joined into one that allows neither."""
    former = "/*\n  Content-Security-Policy: A\n/episodes/*/embed/*\n  Content-Security-Policy: B\n"
    path = EMBED_PATHS[0]
    assert cloudflare_headers(former, path)["content-security-policy"] == "A"
    assert netlify_headers(former, path)["content-security-policy"] == "B"
    joined = former.replace("/episodes/*/embed/*", "/episodes/:slug/embed/*")
    assert cloudflare_headers(joined, path)["content-security-policy"] == "A, B"


def test_the_built_site_s_file_stays_within_cloudflare_s_limits(demo_build):
    text = (demo_build.site / "_headers").read_text(encoding="utf-8")
    rules, invalid = cloudflare_parse(text)
    assert invalid == [] and len(rules) <= 100
    assert max(len(line.strip()) for line in text.splitlines()) <= 2000
    embed = cloudflare_headers(text, EMBED_PATHS[0])["content-security-policy"]
    assert "frame-ancestors https:" in embed and embed.count("default-src") == 1
    assert headers_file(header_rules("a", "b", {})).count("! Content-Security-Policy") == 1
