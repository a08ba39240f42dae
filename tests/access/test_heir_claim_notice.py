"""The owner is told in the app too: while an heir claim about them can be stopped, every page they
open says so and links to where they stop it."""
from cleverstore.models import HeirClaim
from cleverstore.services.access import identify
from cleverstore.state.profile import ProfileState
from tests.helpers.factories import make_account, signed_in_token, state_for


def _claim(db, owner, status: str) -> HeirClaim:
    claim = HeirClaim(account_id=owner.id, reference=f"H-{owner.id}-{status}", claimant_name="Okänd",
                      claimant_email="okand@example.se", reason="death", status=status)
    db.add(claim)
    db.commit()
    return claim


def test_an_open_claim_shows_on_the_owners_next_page_until_it_ends(db):
    owner = make_account(db)
    token = signed_in_token(db, owner)
    db.commit()
    assert identify(token, with_register=False).caller.heir_claims_open == 0

    claim = _claim(db, owner, "submitted")
    assert identify(token, with_register=False).caller.heir_claims_open == 1
    page = state_for(ProfileState, token=token, path="/profile")
    page.on_load()
    assert page.heir_claim_open is True

    claim.status = "objected"
    db.add(claim)
    db.commit()
    page.on_load()
    assert page.heir_claim_open is False


def test_another_customers_claim_is_not_shown(db):
    owner, other = make_account(db), make_account(db)
    token = signed_in_token(db, owner)
    _claim(db, other, "proposed")
    assert identify(token, with_register=False).caller.heir_claims_open == 0
