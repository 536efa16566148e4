"""Media stored outside the repository (object storage behind a CDN): what an address
of such a file may look like.

A pull request is untrusted, and these addresses end up in `<video src>`, in the feeds
and in the Content-Security-Policy: only plain https addresses pass, or http on the
machine itself (a local storage server, for a preview or a test), which the loader
flags. No user name or password, no fragment, no odd host.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

MAX_URL = 2_000
LOOPBACK_NAMES = {"localhost"}
# A host name as DNS writes it; IP literals are checked by `ipaddress`.
_HOST_NAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9-]{1,63}$")
# Characters a browser would silently re-encode or drop, so that the address stored is
# not the address visited.
_ODD = re.compile(r"[\s\\<>\"'`{}|^\x00-\x1f\x7f]")


class RemoteUrlError(ValueError):
    """An address refused, in French."""


def is_remote(src: str) -> bool:
    """A source written as an address, not as a file of the repository."""
    return "://" in src


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_remote_url(url: str, *, folder: bool = False) -> str:
    """`url` when it may be published as a media address; RemoteUrlError otherwise.
    `folder`: the base address under which files are stored (ends with « / »)."""
    example = "https://medias.example.gouv.fr/serie/"
    if len(url) > MAX_URL:
        raise RemoteUrlError(f"adresse de plus de {MAX_URL} caractères refusée")
    if _ODD.search(url):
        raise RemoteUrlError(
            f"adresse « {url} » refusée : espace, guillemet ou caractère spécial ; "
            "encodez-les (%20…)"
        )
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise RemoteUrlError(f"adresse « {url} » illisible : par exemple {example}") from None
    host = (parts.hostname or "").lower()
    loopback = is_loopback(host)
    if parts.scheme != "https" and not (parts.scheme == "http" and loopback):
        raise RemoteUrlError(
            f"adresse « {url} » refusée : https:// est attendu (http:// n'est admis que sur "
            f"cette machine, 127.0.0.1 ou localhost), par exemple {example}"
        )
    if parts.username is not None or parts.password is not None:
        raise RemoteUrlError(
            f"adresse « {url} » refusée : pas d'identifiant ni de mot de passe dans une adresse "
            "publiée"
        )
    if not host or not (_valid_host(host)):
        raise RemoteUrlError(f"adresse « {url} » refusée : nom d'hôte invalide")
    if port == 0:
        raise RemoteUrlError(f"adresse « {url} » refusée : port invalide")
    if parts.fragment or "#" in url:
        raise RemoteUrlError(f"adresse « {url} » refusée : pas de « # » dans l'adresse d'un média")
    if folder:
        if parts.query or not parts.path.endswith("/"):
            raise RemoteUrlError(
                f"adresse « {url} » refusée : le dossier des médias est attendu, terminé par "
                f"« / » et sans « ? », par exemple {example}"
            )
    elif parts.path in {"", "/"}:
        raise RemoteUrlError(f"adresse « {url} » refusée : l'adresse d'un fichier est attendue")
    return url


def _valid_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return bool(_HOST_NAME.match(host)) and not host.replace(".", "").isdigit()


def origin(url: str) -> str:
    """Scheme, host and port: what a Content-Security-Policy source names."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def url_path_name(url: str) -> str:
    """The last segment of the address's path: the file's name, for its extension."""
    return urlsplit(url).path.rsplit("/", 1)[-1]


# S3 bucket names: 3 to 63 lowercase letters, digits, dots and hyphens.
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_PREFIX = re.compile(r"^[A-Za-z0-9._/-]*$")


def parse_storage(text: str) -> tuple[str, str]:
    """Bucket and prefix (without slashes at its ends) of `s3://BUCKET/PREFIX`."""
    example = "s3://medias-serie/episodes"
    if not text.startswith("s3://"):
        raise RemoteUrlError(
            f"stockage « {text} » refusé : attendu s3://SEAU/DOSSIER, par exemple {example}"
        )
    bucket, _, prefix = text.removeprefix("s3://").partition("/")
    if not _BUCKET.match(bucket) or ".." in bucket:
        raise RemoteUrlError(
            f"nom de seau « {bucket} » invalide : 3 à 63 minuscules, chiffres, points ou tirets, "
            f"par exemple {example}"
        )
    prefix = prefix.strip("/")
    if not _PREFIX.match(prefix) or any(
        part in {"", ".", ".."} for part in prefix.split("/") if prefix
    ):
        raise RemoteUrlError(
            f"dossier « {prefix} » invalide dans le stockage : lettres sans accents, chiffres, "
            f"« . », « _ », « - » et « / », par exemple {example}"
        )
    return bucket, prefix
