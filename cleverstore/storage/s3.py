"""File bytes in S3-compatible object storage, so that any number of app machines share them.

Objects are private (no ACL is ever sent: the bucket's owner only, and the bucket blocks public
access), written with server-side encryption (SSE-S3) unless the server cannot do it, and named
`<prefix>/<name>` with the same name check as the local store. S3's own errors are turned into
`FileStoreError`, whose text names the operation and S3's error code only: never a key, a secret
or a signed request.
"""
from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from cleverstore.config import Settings
from cleverstore.storage.files import checked_name

_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_PREFIX_PART = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*$")
_MISSING = {"NoSuchKey", "404", "NotFound"}


class FileStoreError(Exception):
    """Object storage refused or failed a request (the text is safe to log)."""


@dataclass(frozen=True)
class Location:
    bucket: str
    prefix: str  # "" or "a/b" (no slashes at either end)


def parse_storage_url(url: str) -> Location:
    """`s3://bucket/prefix` → bucket and prefix; ValueError for a bucket or prefix S3 would refuse or
    that could climb out (`..`)."""
    if not url.startswith("s3://"):
        raise ValueError("the storage URL must start with s3://")
    bucket, _, prefix = url[len("s3://"):].partition("/")
    if not _BUCKET.match(bucket) or ".." in bucket:
        raise ValueError("the bucket name is not a valid S3 bucket name")
    parts = [part for part in prefix.split("/") if part]
    if any(not _PREFIX_PART.match(part) or part in (".", "..") for part in parts):
        raise ValueError("the prefix may hold letters, digits, '-', '_' and '.' between slashes")
    return Location(bucket, "/".join(parts))


def _error_code(error: Exception) -> str:
    response = getattr(error, "response", None) or {}
    return str(response.get("Error", {}).get("Code", "")) or type(error).__name__


class S3FileStore:
    """One bucket (and prefix) reached through a boto3 client; safe to share between threads."""

    page_size = 1000  # S3's own largest listing page

    def __init__(self, client, location: Location, *, encrypt: bool = True):
        self.client = client
        self.bucket = location.bucket
        self.prefix = location.prefix
        self.encrypt = encrypt

    def key(self, name: str) -> str:
        name = checked_name(name)
        return f"{self.prefix}/{name}" if self.prefix else name

    def _failed(self, operation: str, error: Exception) -> FileStoreError:
        return FileStoreError(f"object storage {operation} failed: {_error_code(error)}")

    def put(self, name: str, data: bytes) -> None:
        extra = {"ServerSideEncryption": "AES256"} if self.encrypt else {}
        # the server checks the bytes it received against this (every S3-compatible server knows it)
        digest = base64.b64encode(hashlib.md5(data, usedforsecurity=False).digest()).decode()
        try:
            self.client.put_object(Bucket=self.bucket, Key=self.key(name), Body=data, ContentMD5=digest, **extra)
        except ValueError:
            raise
        except Exception as error:  # noqa: BLE001  (botocore's errors: reworded without their details)
            raise self._failed("put", error) from None

    def get(self, name: str) -> bytes | None:
        try:
            key = self.key(name)
        except ValueError:
            return None
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=key)
            return answer["Body"].read()
        except Exception as error:  # noqa: BLE001
            if _error_code(error) in _MISSING:
                return None
            raise self._failed("get", error) from None

    def delete(self, name: str) -> None:
        try:
            key = self.key(name)
        except ValueError:
            return
        try:
            self.client.delete_object(Bucket=self.bucket, Key=key)
        except Exception as error:  # noqa: BLE001
            if _error_code(error) not in _MISSING:
                raise self._failed("delete", error) from None

    def names_older_than(self, cutoff: float) -> Iterator[str]:
        """Names of objects under the prefix last modified before `cutoff` (epoch seconds), page by page."""
        start = f"{self.prefix}/" if self.prefix else ""
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=start, PaginationConfig={"PageSize": self.page_size})
        try:
            for page in pages:
                for entry in page.get("Contents", []):
                    if entry["LastModified"].timestamp() < cutoff:
                        yield entry["Key"][len(start):]
        except Exception as error:  # noqa: BLE001
            raise self._failed("list", error) from None


def make_client(endpoint: str = "", region: str = "", key_id: str = "", secret: str = ""):
    """A boto3 S3 client: path-style addressing on a custom endpoint (MinIO, Ceph, a local test server),
    bounded retries and timeouts so a slow store cannot hold a worker for long. Without a key pair
    boto3's own chain is used (an instance role). On a custom endpoint the newer flexible checksums
    are sent only where S3 requires them (many S3-compatible servers refuse them); `put` sends
    Content-MD5 everywhere."""
    import boto3
    from botocore.config import Config

    session = boto3.session.Session(aws_access_key_id=key_id or None, aws_secret_access_key=secret or None,
                                    region_name=region or None)
    config = Config(
        signature_version="s3v4",
        retries={"max_attempts": 4, "mode": "standard"},
        connect_timeout=5,
        read_timeout=60,
        s3={"addressing_style": "path" if endpoint else "auto"},
        request_checksum_calculation="when_required" if endpoint else "when_supported",
        response_checksum_validation="when_required" if endpoint else "when_supported",
    )
    return session.client("s3", endpoint_url=endpoint or None, config=config)


@lru_cache(maxsize=8)
def _cached(url: str, endpoint: str, region: str, key_id: str, secret: str, encrypt: bool) -> S3FileStore:
    return S3FileStore(make_client(endpoint, region, key_id, secret), parse_storage_url(url), encrypt=encrypt)


def store_for(settings: Settings) -> S3FileStore:
    """The store of these settings (one client per distinct configuration, kept for the process)."""
    return _cached(settings.storage_url, settings.s3_endpoint_url, settings.s3_region, settings.s3_access_key_id,
                   settings.s3_secret_access_key, settings.s3_server_side_encryption)
