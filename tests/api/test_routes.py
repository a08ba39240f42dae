"""The HTTP routes on the full ASGI app (Reflex app with our routes in front)."""

from sqlmodel import select

from cleverstore.models import AuthSession
from cleverstore.services.accounts import sessions
from tests.helpers.factories import make_account


def _ticket(db, account) -> str:
    ticket = sessions.create_login_ticket(db, account.id)
    db.commit()
    return ticket


def test_health_answers_with_the_database_state(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "db": "ok"}


def test_health_is_503_when_the_database_is_gone(client, monkeypatch):
    monkeypatch.setattr("cleverstore.api.health.database_answers", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["db"] == "error"


def test_ticket_becomes_an_httponly_lax_cookie(client, db):
    account = make_account(db)
    response = client.get(f"/auth/session?ticket={_ticket(db, account)}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/register"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{sessions.COOKIE_NAME}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # development; production adds it (next test)
    token = cookie.split(";")[0].split("=", 1)[1]
    assert sessions.resolve(db, token)[0].id == account.id


def test_production_cookie_is_secure(client, db, monkeypatch):
    from cleverstore.config import reset_settings

    monkeypatch.setenv("CLEVERSTORE_ENV", "prod")
    reset_settings()
    account = make_account(db)
    response = client.get(f"/auth/session?ticket={_ticket(db, account)}", follow_redirects=False)
    assert "Secure" in response.headers["set-cookie"]
    monkeypatch.delenv("CLEVERSTORE_ENV")
    reset_settings()


def test_a_ticket_works_once_and_a_bad_one_sets_no_cookie(client, db):
    account = make_account(db)
    ticket = _ticket(db, account)
    assert client.get(f"/auth/session?ticket={ticket}", follow_redirects=False).status_code == 303
    client.cookies.clear()
    again = client.get(f"/auth/session?ticket={ticket}", follow_redirects=False)
    assert again.headers["location"] == "/login" and "set-cookie" not in again.headers
    forged = client.get("/auth/session?ticket=forged", follow_redirects=False)
    assert forged.headers["location"] == "/login" and "set-cookie" not in forged.headers


def test_login_rotates_the_session(client, db):
    account = make_account(db)
    first = client.get(f"/auth/session?ticket={_ticket(db, account)}", follow_redirects=False)
    old_token = first.cookies[sessions.COOKIE_NAME]
    client.cookies.set(sessions.COOKIE_NAME, old_token)
    second = client.get(f"/auth/session?ticket={_ticket(db, account)}", follow_redirects=False)
    new_token = second.cookies[sessions.COOKIE_NAME]
    assert new_token != old_token
    db.expire_all()
    assert sessions.resolve(db, old_token) is None
    assert sessions.resolve(db, new_token) is not None


def test_logout_revokes_and_clears_the_cookie(client, db):
    account = make_account(db)
    response = client.get(f"/auth/session?ticket={_ticket(db, account)}", follow_redirects=False)
    token = response.cookies[sessions.COOKIE_NAME]
    client.cookies.set(sessions.COOKIE_NAME, token)
    out = client.get("/auth/logout", follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/"
    assert 'cs_session=""' in out.headers["set-cookie"] or "Max-Age=0" in out.headers["set-cookie"]
    db.expire_all()
    assert db.exec(select(AuthSession)).one().revoked_at is not None


def _login_cookie(client, db, account) -> None:
    response = client.get(f"/auth/session?ticket={_ticket(db, account)}", follow_redirects=False)
    client.cookies.set(sessions.COOKIE_NAME, response.cookies[sessions.COOKIE_NAME])


def test_report_download_only_for_its_owner(client, db):
    from cleverstore.services.register.items import ItemQuery
    from cleverstore.services.reports import runner
    from tests.helpers.factories import make_item

    owner, other = make_account(db), make_account(db)
    make_item(db, owner, name="Klocka")
    db.commit()
    job = runner.register_report(owner.id, ItemQuery(), "sv")
    assert client.get(f"/reports/{job.public_id}").status_code == 404  # not signed in
    _login_cookie(client, db, other)
    assert client.get(f"/reports/{job.public_id}").status_code == 404
    _login_cookie(client, db, owner)
    response = client.get(f"/reports/{job.public_id}")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response.headers["cache-control"] == "no-store"
    assert "attachment" in response.headers["content-disposition"]
    assert client.get("/reports/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_a_label_opens_the_object_for_its_owner_only(client, db):
    from cleverstore.services.register.items import ItemQuery
    from cleverstore.services.reports import runner
    from tests.helpers.factories import make_item

    owner, other = make_account(db), make_account(db)
    item = make_item(db, owner, name="Låda")
    db.commit()
    runner.label_sheet(owner.id, ItemQuery(), "3x8", "sv")
    db.refresh(item)
    anonymous = client.get(f"/l/{item.label_code}", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"] == f"/login?next=/l/{item.label_code}"
    _login_cookie(client, db, other)
    assert client.get(f"/l/{item.label_code}", follow_redirects=False).status_code == 404
    _login_cookie(client, db, owner)
    opened = client.get(f"/l/{item.label_code}", follow_redirects=False)
    assert opened.headers["location"] == f"/object?id={item.id}"
    assert client.get("/l/guessed-code", follow_redirects=False).status_code == 404


def test_login_continues_only_to_our_own_pages(client, db):
    account = make_account(db)
    for wanted, landing in (("/l/abc123", "/l/abc123"), ("https://evil.example/", "/register"),
                            ("//evil.example", "/register"), ("/object?id=5", "/object?id=5")):
        response = client.get(f"/auth/session?ticket={_ticket(db, account)}&next={wanted}", follow_redirects=False)
        assert response.headers["location"] == landing


def test_ready_when_the_schema_is_current(client, monkeypatch):
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json()["schema"] == "ok"
    monkeypatch.setattr("cleverstore.api.health.schema_is_current", lambda: False)
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json() == {**response.json(), "status": "not ready"}
