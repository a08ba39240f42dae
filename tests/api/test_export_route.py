"""GET /register/export.csv: the customer's language, the name that says which separator, streamed, private."""
from cleverstore.services.accounts import sessions
from tests.helpers.factories import make_account, make_item, signed_in_token


def _get(client, token, path, **headers):
    client.cookies.clear()
    if token:
        client.cookies.set(sessions.COOKIE_NAME, token)
    return client.get(path, headers=headers)


def test_the_export_route_streams_the_file_named_by_its_separator(client, db):
    owner, other = make_account(db), make_account(db)
    make_item(db, owner, name="Kamera", status="sold", sold_date="2025-01-01")
    make_item(db, other, name="Annans")
    token = signed_in_token(db, owner)
    db.commit()
    semicolon = _get(client, token, "/register/export.csv?sep=;")
    assert semicolon.status_code == 200 and semicolon.headers["cache-control"] == "no-store"
    assert "-semikolon.csv" in semicolon.headers["content-disposition"]
    assert semicolon.content.startswith("\ufeffNamn;Kategori;".encode()) and "Såld" in semicolon.text
    assert "Annans" not in semicolon.text
    comma = _get(client, token, "/register/export.csv")
    assert "semi" not in comma.headers["content-disposition"] and comma.content.startswith("\ufeffNamn,".encode())
    assert _get(client, None, "/register/export.csv").status_code == 404
    client.cookies.set(sessions.COOKIE_NAME, token)
    client.cookies.set("cs_lang", "en")
    english = client.get("/register/export.csv?sep=;")
    assert "-semicolon.csv" in english.headers["content-disposition"]
    assert english.content.startswith("\ufeffName;Category;".encode()) and "Sold" in english.text
