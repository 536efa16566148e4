"""Addresses of media in object storage: what may reach a `<video src>` and the CSP."""

from __future__ import annotations

import pytest

from mkdocs_episodes.core.remote import (
    RemoteUrlError,
    check_remote_url,
    is_remote,
    origin,
    parse_storage,
)


@pytest.mark.parametrize(
    "url",
    [
        "https://medias.example.gouv.fr/serie/video-480p-0123456789ab.webm",
        "https://cdn.example.fr:8443/a/b.mp4",
        "http://127.0.0.1:9000/seau/video.webm",
        "http://localhost:9000/seau/son.opus",
        "http://[::1]:9000/seau/son.opus",
    ],
)
def test_https_addresses_and_loopback_http_pass(url):
    assert check_remote_url(url) == url
    assert is_remote(url)


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://medias.example.gouv.fr/a.webm", "https:// est attendu"),
        ("ftp://medias.example.gouv.fr/a.webm", "https:// est attendu"),
        ("javascript://alert(1)", "https:// est attendu"),
        ("https://user:secret@medias.example.gouv.fr/a.webm", "mot de passe"),
        ("https://medias.example.gouv.fr@evil.example/a.webm", "identifiant"),
        ("https:///a.webm", "nom d'hôte"),
        ("https://exa mple.fr/a.webm", "espace"),
        ("https://example.fr/a b.webm", "espace"),
        ("https://example.fr/a.webm#t=3", "« # »"),
        ("https://example.fr/", "adresse d'un fichier"),
        ("https://ex_ample.fr/a.webm", "nom d'hôte"),
        ("https://1234/a.webm", "nom d'hôte"),
        ("https://example.fr:0/a.webm", "port"),
        ("https://example.fr:99999/a.webm", "illisible"),
        ("https://example.fr/\x07.webm", "caractère spécial"),
        ("https://example.fr/" + "a" * 2100, "2000 caractères"),
    ],
)
def test_odd_addresses_are_refused_in_french(url, words):
    with pytest.raises(RemoteUrlError, match=words):
        check_remote_url(url)


def test_the_media_folder_ends_with_a_slash_and_has_no_query():
    assert check_remote_url("https://medias.example.gouv.fr/serie/", folder=True)
    for url in ("https://medias.example.gouv.fr/serie", "https://m.example.fr/a/?x=1"):
        with pytest.raises(RemoteUrlError, match="terminé par « / »"):
            check_remote_url(url, folder=True)


def test_a_repository_path_is_not_remote_and_origins_keep_the_port():
    assert not is_remote("demo/video-240p.webm")
    assert origin("https://CDN.example.fr:8443/a/b.webm") == "https://cdn.example.fr:8443"
    assert origin("http://127.0.0.1:9000/seau/v.webm") == "http://127.0.0.1:9000"


def test_storage_is_parsed_into_bucket_and_prefix():
    assert parse_storage("s3://medias-serie/episodes/") == ("medias-serie", "episodes")
    assert parse_storage("s3://medias-serie") == ("medias-serie", "")
    assert parse_storage("s3://medias.serie/a/b") == ("medias.serie", "a/b")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("medias-serie/episodes", "attendu s3://"),
        ("s3://Medias/episodes", "nom de seau"),
        ("s3://ab/episodes", "nom de seau"),
        ("s3://medias..serie/x", "nom de seau"),
        ("s3://medias-serie/../x", "dossier"),
        ("s3://medias-serie/a//b", "dossier"),
        ("s3://medias-serie/épisodes", "dossier"),
    ],
)
def test_bad_storage_is_refused_in_french(text, words):
    with pytest.raises(RemoteUrlError, match=words):
        parse_storage(text)
