"""A local S3-compatible server for the file store's tests, and the `file_store_backend` fixture.

moto's server runs in a thread on 127.0.0.1 and a free port for the whole session (no network
beyond the machine); every test on the "s3" backend gets its own prefix in one bucket, as a test on
the "disk" backend gets an emptied data directory.
"""
from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

import pytest

BUCKET = "cleverstore-test-files"
REGION = "eu-north-1"
# shaped like real credentials, so that the log redaction is tested against the real shapes
ACCESS_KEY_ID = "AKIATESTCLEVERSTORE1"
SECRET_ACCESS_KEY = "tEsTsEcReT/cleverstore+Not4Production0000"


@dataclass(frozen=True)
class S3Server:
    endpoint_url: str
    bucket: str = BUCKET

    def client(self):
        from cleverstore.storage.s3 import make_client

        return make_client(self.endpoint_url, REGION, ACCESS_KEY_ID, SECRET_ACCESS_KEY)

    def environment(self, prefix: str) -> dict[str, str]:
        """The settings that put the file store in this server's bucket under `prefix`."""
        return {
            "CLEVERSTORE_STORAGE_URL": f"s3://{self.bucket}/{prefix}",
            "CLEVERSTORE_S3_ENDPOINT_URL": self.endpoint_url,
            "AWS_REGION": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID,
            "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
        }


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 on 127.0.0.1 with one private bucket that blocks public access."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    running = S3Server(f"http://{host}:{port}")
    client = running.client()
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    client.put_public_access_block(Bucket=BUCKET, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    try:
        yield running
    finally:
        server.stop()


def use_bucket(monkeypatch, server: S3Server, prefix: str | None = None) -> str:
    """Point the settings at the bucket under a new (or the given) prefix; returns the prefix."""
    from cleverstore.config import reset_settings

    prefix = prefix or f"tests/{secrets.token_hex(6)}"
    for name, value in server.environment(prefix).items():
        monkeypatch.setenv(name, value)
    reset_settings()
    return prefix


@pytest.fixture(params=["disk", "s3"])
def file_store_backend(request, monkeypatch):
    """Runs the test once with files on local disk and once in the S3 bucket; yields the backend's name."""
    from cleverstore.config import reset_settings

    if request.param == "s3":
        use_bucket(monkeypatch, request.getfixturevalue("s3_server"))
    else:
        monkeypatch.delenv("CLEVERSTORE_STORAGE_URL", raising=False)
        reset_settings()
    yield request.param
    monkeypatch.undo()
    reset_settings()
