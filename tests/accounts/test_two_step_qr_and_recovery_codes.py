"""Two-step login: a QR code made on our server to scan, recovery codes to download, copy and print, and a
QR code in the terminal for an administrator made on the command line."""
import base64
import io

import pyotp
from PIL import Image

import cleverstore.__main__ as cli
from cleverstore.services.accounts import start_two_step
from cleverstore.state.security import SecurityState
from tests.helpers.factories import event_names, make_account, signed_in_token, state_for


def _png(data_uri: str) -> Image.Image:
    assert data_uri.startswith("data:image/png;base64,")  # drawn here: no outside image service sees the secret
    return Image.open(io.BytesIO(base64.b64decode(data_uri.split(",", 1)[1])))


def test_set_up_shows_a_qr_code_image_of_the_otpauth_link(db):
    account = make_account(db)
    db.commit()
    setup = start_two_step(account.id)
    image = _png(setup.qr_image)
    assert image.format == "PNG" and image.size[0] == image.size[1] >= 150
    assert setup.uri.startswith("otpauth://totp/")


def test_recovery_codes_can_be_downloaded_copied_and_printed(db):
    account = make_account(db)
    token = signed_in_token(db, account)
    db.commit()
    state = state_for(SecurityState, token=token, path="/security")
    state.on_load()
    state.start_totp()
    assert state.setup_qr.startswith("data:image/png;base64,")
    state.confirm_totp({"totp": pyotp.TOTP(state.setup_secret).now()})
    assert len(state.recovery_codes) >= 8 and state.setup_qr == ""
    download = state.download_recovery_codes()
    assert event_names(download) == ["_download"]
    url, filename = (value._var_value for _name, value in download.args)
    text = base64.b64decode(url.split("base64,", 1)[1]).decode()
    assert all(code in text.splitlines() for code in state.recovery_codes)
    assert filename == "cleverstore-recovery-codes.txt"
    copied = state.copy_recovery_codes()
    assert event_names(copied) == ["_call_function"] and "clipboard" in str(copied.args)
    assert state.message == "Reservkoderna är kopierade."
    state.on_load()  # shown once: gone after the page is left
    assert state.recovery_codes == [] and state.download_recovery_codes() is None


def test_create_admin_prints_a_qr_code_to_scan_in_the_terminal(db, monkeypatch, capsys):
    monkeypatch.setattr(cli, "_read_new_password", lambda _from_stdin: "ett långt och hemligt adminlösen")
    assert cli.create_admin("qr-admin@cleverstore.se", True) == 0
    out = capsys.readouterr().out
    assert "TOTP secret" in out and "otpauth://" in out
    blocks = [line for line in out.splitlines() if "█" in line or "▀" in line or "▄" in line]
    assert len(blocks) >= 10  # a QR code drawn in block characters
