"""The third-party video hosts an episode may name: the forms of their video ids, their
names as publishers read them, their players and video pages."""

from __future__ import annotations

# The forms of video ids each host hands out, so that a pasted URL or a typo is caught.
HOST_ID_PATTERNS = {
    "dailymotion": (r"^x[0-9a-zA-Z]{4,10}$", "x92eo5e"),
    "youtube": (r"^[A-Za-z0-9_-]{11}$", "aqz-KE-bpKQ"),
    "peertube": (
        r"^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
        r"|[1-9A-HJ-NP-Za-km-z]{22})$",
        "9c9de5e8-0a1e-484a-b099-e80766180a6d",
    ),
}
HOST_NAMES = {"dailymotion": "Dailymotion", "peertube": "PeerTube", "youtube": "YouTube"}
# Each host's player (framed after a click) and video page (a plain link).
HOST_URLS = {
    "dailymotion": (
        "https://www.dailymotion.com/embed/video/{id}",
        "https://www.dailymotion.com/video/{id}",
    ),
    "youtube": (
        "https://www.youtube-nocookie.com/embed/{id}",
        "https://www.youtube.com/watch?v={id}",
    ),
    "peertube": ("{instance}/videos/embed/{id}", "{instance}/w/{id}"),
}
