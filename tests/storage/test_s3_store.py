"""The S3 file store against a local S3-compatible server: private, encrypted, names kept inside the prefix."""
import logging
import time

import pytest

from cleverstore.config import get_settings, reset_settings
from cleverstore.logs import protect_logs
from cleverstore.storage.files import LocalFileStore, get_store, uses_object_storage
from cleverstore.storage.s3 import FileStoreError, Location, S3FileStore, parse_storage_url
from tests.helpers.s3 import ACCESS_KEY_ID, BUCKET, SECRET_ACCESS_KEY, use_bucket


@pytest.fixture()
def store(s3_server, monkeypatch):
    use_bucket(monkeypatch, s3_server)
    yield get_store()
    monkeypatch.undo()
    reset_settings()


def test_the_setting_chooses_the_bucket_and_unset_means_local_disk(s3_server, monkeypatch):
    monkeypatch.delenv("CLEVERSTORE_STORAGE_URL", raising=False)
    reset_settings()
    assert isinstance(get_store(), LocalFileStore) and not uses_object_storage()
    monkeypatch.setenv("CLEVERSTORE_STORAGE_URL", "file:")
    reset_settings()
    assert isinstance(get_store(), LocalFileStore)
    prefix = use_bucket(monkeypatch, s3_server)
    store = get_store()
    assert isinstance(store, S3FileStore) and (store.bucket, store.prefix) == (BUCKET, prefix)
    assert SECRET_ACCESS_KEY not in repr(get_settings())
    monkeypatch.setenv("CLEVERSTORE_STORAGE_URL", "ftp://somewhere")
    reset_settings()
    with pytest.raises(SystemExit):
        get_settings()
    monkeypatch.undo()
    reset_settings()


def test_storage_urls_are_checked():
    assert parse_storage_url("s3://cleverstore-files/prod/photos") == Location("cleverstore-files", "prod/photos")
    assert parse_storage_url("s3://cleverstore-files") == Location("cleverstore-files", "")
    for bad in ("s3://Upper/x", "s3://ok-bucket/../other", "s3://ok-bucket/a/./b", "s3://a/x", "http://b/x",
                "s3://ok-bucket/with space"):
        with pytest.raises(ValueError):
            parse_storage_url(bad)


def test_bytes_go_in_and_out_and_a_missing_object_reads_as_none(store):
    store.put("ab/" + "1" * 32 + ".jpg", b"photo bytes")
    assert store.get("ab/" + "1" * 32 + ".jpg") == b"photo bytes"
    assert store.get("ab/" + "2" * 32 + ".jpg") is None
    store.delete("ab/" + "1" * 32 + ".jpg")
    store.delete("ab/" + "1" * 32 + ".jpg")  # a second delete of a missing object is fine
    assert store.get("ab/" + "1" * 32 + ".jpg") is None


def test_objects_are_private_encrypted_and_under_the_prefix(store, s3_server):
    store.put("cd/" + "3" * 32 + ".png", b"x")
    client = s3_server.client()
    key = f"{store.prefix}/cd/{'3' * 32}.png"
    assert client.head_object(Bucket=BUCKET, Key=key)["ServerSideEncryption"] == "AES256"
    grants = client.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all(grant["Grantee"]["Type"] == "CanonicalUser" for grant in grants)  # nobody but the owner
    blocked = client.get_public_access_block(Bucket=BUCKET)["PublicAccessBlockConfiguration"]
    assert all(blocked.values())


def test_names_cannot_climb_out_of_the_prefix(store, s3_server):
    s3_server.client().put_object(Bucket=BUCKET, Key="outside/secret.txt", Body=b"not ours")
    for bad in ("../outside/secret.txt", "a/../../outside/secret.txt", "/outside/secret.txt", "A/B", "", None):
        with pytest.raises(ValueError):
            store.put(bad, b"x")
        assert store.get(bad) is None
        store.delete(bad)
    assert s3_server.client().get_object(Bucket=BUCKET, Key="outside/secret.txt")["Body"].read() == b"not ours"


def test_names_older_than_pages_through_the_listing_and_keeps_to_the_prefix(store, s3_server, monkeypatch):
    names = [f"{n:02d}/" + f"{n}" * 32 + ".jpg" for n in range(1, 8)]
    for name in names:
        store.put(name, b"x")
    other = use_bucket(monkeypatch, s3_server, prefix=f"{store.prefix}-next")  # a neighbour prefix
    get_store().put("zz/" + "9" * 32 + ".jpg", b"not in the first prefix")
    monkeypatch.setattr(S3FileStore, "page_size", 2)
    assert sorted(store.names_older_than(time.time() + 60)) == names  # four pages
    assert list(store.names_older_than(time.time() - 3600)) == []  # nothing that old
    assert other != store.prefix


def test_errors_name_the_operation_and_code_never_the_keys(s3_server, monkeypatch, caplog):
    use_bucket(monkeypatch, s3_server)
    monkeypatch.setenv("CLEVERSTORE_STORAGE_URL", "s3://no-such-bucket-here/x")
    reset_settings()
    protect_logs()
    logging.getLogger("botocore").setLevel(logging.DEBUG)
    try:
        with caplog.at_level(logging.DEBUG):
            with pytest.raises(FileStoreError) as raised:
                get_store().put("ab/" + "1" * 32 + ".jpg", b"x")
            logging.getLogger("cleverstore").exception("upload failed: %s", raised.value)
    finally:
        logging.getLogger("botocore").setLevel(logging.WARNING)
    assert str(raised.value) == "object storage put failed: NoSuchBucket"
    assert raised.value.__cause__ is None and raised.value.__suppress_context__
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Authorization" in logged or "authorization" in logged  # botocore did log the signed request
    assert ACCESS_KEY_ID not in logged and SECRET_ACCESS_KEY not in logged and "Signature=" not in logged.replace(
        "Signature=[redacted]", "")


def test_the_log_filter_removes_what_a_signed_s3_request_carries():
    from cleverstore.logs import redact

    line = ("headers={'Authorization': b'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261207/eu-north-1/s3/"
            "aws4_request, SignedHeaders=host, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024'}"
            " url=https://b.s3.amazonaws.com/k?X-Amz-Credential=ASIAIOSFODNN7EXAMPLE%2F2026&X-Amz-Signature=abc123"
            "&X-Amz-Security-Token=FwoGZXIvYXdzEJr aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    cleaned = redact(line)
    for secret in ("AKIAIOSFODNN7EXAMPLE", "ASIAIOSFODNN7EXAMPLE", "fe5f80f77d5fa3", "abc123", "FwoGZXIvYXdzEJr",
                   "wJalrXUtnFEMI"):
        assert secret not in cleaned, secret
    assert "url=https://b.s3.amazonaws.com/k?X-Amz-Credential=[redacted]" in cleaned  # the rest stays readable
    assert redact("Signature=abc, SignedHeaders=host;x-amz-date") == "Signature=[redacted], SignedHeaders=host;x-amz-date"


def test_every_put_carries_the_md5_of_its_bytes(store):
    """Content-MD5 goes with every put, so a server refuses bytes changed on the way (any S3-compatible one)."""
    import base64
    import hashlib

    seen = []
    store.client.meta.events.register("before-send.s3.PutObject", lambda request, **_: seen.append(request),
                                 unique_id="md5-check")
    try:
        store.put("ef/" + "4" * 32 + ".jpg", b"photo bytes")
    finally:
        store.client.meta.events.unregister("before-send.s3.PutObject", unique_id="md5-check")
    expected = base64.b64encode(hashlib.md5(b"photo bytes").digest()).decode()
    assert [request.headers["Content-MD5"].decode() for request in seen] == [expected]
    assert seen[0].headers["x-amz-server-side-encryption"] == b"AES256"
