"""`_headers` for the static hosts that read one (Netlify, Cloudflare Pages): written so
that both parse it as meant, although they read it differently.

- Cloudflare Pages allows one splat (`*`) per rule (a second makes the rule's pattern
  invalid, and the rule is dropped without a word), and a response takes the headers of
  every matching rule, a header set twice being joined with a comma: two policies would
  make one Content-Security-Policy that allows nothing. A rule detaches what a broader
  one set with `! Name`.
- Netlify takes the matching rules in order, a later rule's header replacing an earlier
  one's, and ignores a line without a colon (the detach line is such a line).

Hence: one splat per rule, placeholders (`:slug`) for the other parts, and the embed
pages' rule detaches the site-wide policy before setting its own. Both hosts then send
exactly one policy on every response. GitHub Pages sends no custom header at all (see
README, « Mise en ligne »).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mkdocs_episodes.core import urls

CSP = "Content-Security-Policy"
CORS = {"Access-Control-Allow-Origin": "*"}


@dataclass(frozen=True)
class Rule:
    path: str
    headers: dict[str, str]
    detached: tuple[str, ...] = field(default=())


# What other sites' web apps (a browser-based podcast player, a map of episodes) read
# with fetch(): public files, so any origin may read them; with the types clients expect.
READ_BY_WEB_APPS = (
    Rule(f"/{urls.RSS}", CORS),
    Rule(f"/{urls.ATOM}", CORS),
    Rule(f"/{urls.JSON_FEED}", {**CORS, "Content-Type": "application/feed+json"}),
    Rule(f"/{urls.theme_feed(':theme')}", CORS),
    Rule(f"/{urls.API.rpartition('/')[0]}/*", CORS),
    Rule(f"/{urls.chapters(':slug')}", {**CORS, "Content-Type": "application/json+chapters"}),
    Rule(f"/{urls.transcript_text(':slug')}", CORS),
    Rule(f"/{urls.episode_file(':slug', '*.vtt')}", CORS),
    # oEmbed answers, /oembed/<slug>.json (asked for by WordPress, Discourse, Mastodon…).
    Rule("/oembed/*", CORS),
)


def header_rules(csp: str, embed_csp: str, security: dict[str, str]) -> list[Rule]:
    """Every rule of `_headers`, broadest first (Netlify: later rules win)."""
    return [
        Rule("/*", {CSP: csp, **security}),
        Rule(f"/{urls.embed(':slug')}*", {CSP: embed_csp}, detached=(CSP,)),
        *READ_BY_WEB_APPS,
    ]


def headers_file(rules: list[Rule]) -> str:
    """The rules as `_headers` text."""
    blocks = []
    for rule in rules:
        lines = [rule.path]
        lines += [f"  ! {name}" for name in rule.detached]
        lines += [f"  {name}: {value}" for name, value in rule.headers.items()]
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)
