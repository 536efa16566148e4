"""Renditions and sounds uploaded to S3-compatible object storage (OVHcloud, Scaleway,
Outscale, MinIO, Garage…), for `episodes media --stockage`.

Each object's name carries its content's digest: a new encoding gets new names, so a
file a visitor may be streaming is never overwritten, and CDNs may cache it forever. An
object already stored under its name is not sent again. Credentials and endpoint come
from the standard variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL,
AWS_REGION); every call has short timeouts and a bounded number of retries, so that an
unreachable store ends the command in seconds, not hours.

boto3 is an optional dependency (the `stockage` extra): only this command needs it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs_episodes.build.encoding import MediaError
from mkdocs_episodes.core.remote import parse_storage

# Never changes under its name: a year of caching, and no revalidation.
CACHE_CONTROL = "public, max-age=31536000, immutable"
PART_BYTES = 16 * 1024 * 1024
# Short enough that a wrong endpoint fails fast; a part of 16 MB still goes through.
CONNECT_TIMEOUT = 5
READ_TIMEOUT = 60
ATTEMPTS = 3
_CHUNK = 1024 * 1024

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class Stored:
    """One file as the episode's YAML records it."""

    url: str
    size: int
    sha256: str
    sent: bool  # False: already in the store, not sent again


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def object_name(prefix: str, slug: str, path: Path, digest: str) -> str:
    """`PREFIX/SLUG/video-480p-<digest>.webm`: a new encoding never takes an old name."""
    name = f"{path.stem}-{digest[:16]}{path.suffix}"
    return "/".join(part for part in (prefix, slug, name) if part)


class Store:
    """One bucket and prefix, and the public address that serves them."""

    def __init__(self, storage: str, public_url: str) -> None:
        self.storage = storage
        self.bucket, self.prefix = parse_storage(storage)
        self.public_url = public_url if public_url.endswith("/") else public_url + "/"
        self.endpoint = os.environ.get("AWS_ENDPOINT_URL") or None
        self._client: Any = None
        self._errors: Any = None
        self._upload_failed: Any = None

    # -- connection ---------------------------------------------------------------------

    def _connect(self) -> Any:
        if self._client is not None:
            return self._client
        try:
            import boto3
            import botocore.exceptions
            from botocore.config import Config
        except ImportError:
            raise MediaError(
                "le module boto3 manque pour envoyer vers le stockage objet : installez-le avec "
                "« .venv/bin/pip install -e '.[stockage]' » (ou « make install »)"
            ) from None
        self._errors = botocore.exceptions
        self._upload_failed = boto3.exceptions.S3UploadFailedError
        config = Config(
            connect_timeout=CONNECT_TIMEOUT,
            read_timeout=READ_TIMEOUT,
            retries={"max_attempts": ATTEMPTS, "mode": "standard"},
            # MinIO, Garage and most providers' endpoints take the bucket in the path.
            s3={"addressing_style": "path"} if self.endpoint else {},
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        )
        region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
        self._client = boto3.session.Session().client(
            "s3", endpoint_url=self.endpoint, region_name=region or "us-east-1", config=config
        )
        return self._client

    def check(self) -> None:
        """Credentials, endpoint and bucket, before any encoding: a wrong setting is
        known in seconds, with nothing written."""
        client = self._connect()
        self._call(lambda: client.head_bucket(Bucket=self.bucket))

    def _call(self, action: Callable[[], Any]) -> Any:
        """One call to the store, its failures said in French."""
        errors = self._errors
        where = self.endpoint or "le point d'accès par défaut d'AWS"
        try:
            return action()
        except errors.NoCredentialsError:
            raise MediaError(
                "identifiants du stockage absents : définissez AWS_ACCESS_KEY_ID et "
                "AWS_SECRET_ACCESS_KEY (et AWS_ENDPOINT_URL pour un autre fournisseur qu'AWS)"
            ) from None
        except (errors.EndpointConnectionError, errors.ConnectTimeoutError) as error:
            raise MediaError(
                f"stockage injoignable ({where}) : vérifiez AWS_ENDPOINT_URL et la connexion "
                f"({type(error).__name__})"
            ) from None
        except (errors.ReadTimeoutError, errors.ConnectionError, errors.HTTPClientError):
            raise MediaError(
                f"connexion au stockage ({where}) perdue ou sans réponse : relancez la commande "
                "plus tard ; les fichiers déjà envoyés ne seront pas renvoyés"
            ) from None
        except errors.ClientError as error:
            raise MediaError(self._refusal(error)) from None
        except self._upload_failed as error:
            # boto3 wraps the store's answer to an upload: said as the answer itself.
            cause = error.__cause__ or error.__context__
            if isinstance(cause, errors.ClientError):
                raise MediaError(self._refusal(cause)) from None
            raise MediaError(
                f"envoi vers le stockage ({where}) interrompu ({error}) : relancez la commande ; "
                "les fichiers déjà envoyés ne seront pas renvoyés"
            ) from None
        except errors.BotoCoreError as error:
            raise MediaError(f"échange avec le stockage ({where}) impossible : {error}") from None

    def _refusal(self, error: Any) -> str:
        code = str(error.response.get("Error", {}).get("Code", ""))
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if code in {"NoSuchBucket", "404", "NotFound"}:
            return (
                f"seau « {self.bucket} » introuvable sur le stockage : vérifiez le nom dans "
                f"{self.storage} (ou media_storage dans mkdocs.yml), ou créez-le (voir "
                "docs/exploitation/stockage-objet.md)"
            )
        if code in {
            "InvalidAccessKeyId",
            "SignatureDoesNotMatch",
            "AccessDenied",
            "403",
            "Forbidden",
            "InvalidToken",
            "ExpiredToken",
        } or status in {401, 403}:
            return (
                f"identifiants refusés par le stockage pour le seau « {self.bucket} » : "
                "vérifiez AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY et leurs droits d'écriture"
            )
        return f"le stockage a refusé la demande ({code or status})"

    # -- upload -------------------------------------------------------------------------

    def upload(self, path: Path, slug: str, mime: str, report: Progress) -> Stored:
        """`path` stored under its digest's name; not sent again when already there."""
        client = self._connect()
        digest = sha256_of(path)
        key = object_name(self.prefix, slug, path, digest)
        size = path.stat().st_size
        url = self.public_url + key.removeprefix(self.prefix).lstrip("/")
        label = f"envoi de {path.name}"
        if self._already_stored(key, size):
            report(f"{path.name} déjà dans le stockage", 1.0)
            return Stored(url, size, digest, sent=False)
        from boto3.s3.transfer import TransferConfig

        transfer = TransferConfig(
            multipart_threshold=PART_BYTES,
            multipart_chunksize=PART_BYTES,
            max_concurrency=2,
            use_threads=True,
        )
        done = [0]

        def sent(count: int) -> None:
            done[0] += count
            report(label, min(1.0, done[0] / size) if size else 1.0)

        self._call(
            lambda: client.upload_file(
                str(path),
                self.bucket,
                key,
                ExtraArgs={
                    "ContentType": mime,
                    "CacheControl": CACHE_CONTROL,
                    "Metadata": {"sha256": digest},
                },
                Config=transfer,
                Callback=sent,
            )
        )
        report(label, 1.0)
        return Stored(url, size, digest, sent=True)

    def _already_stored(self, key: str, size: int) -> bool:
        client = self._connect()
        refused = self._errors.ClientError

        def head() -> Any:
            try:
                return client.head_object(Bucket=self.bucket, Key=key)
            except refused as error:
                if str(error.response.get("Error", {}).get("Code")) in {"404", "NoSuchKey"}:
                    return None
                raise

        found = self._call(head)
        return found is not None and int(found.get("ContentLength", -1)) == size
