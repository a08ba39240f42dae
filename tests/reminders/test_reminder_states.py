"""The profile's reminder settings and the in-app list, through their states as the event processor calls them."""
from datetime import timedelta

from cleverstore.models.base import utcnow
from cleverstore.services import reminders
from cleverstore.state.profile import ProfileState
from cleverstore.state.reminders import RemindersState
from tests.helpers.factories import event_names, make_account, make_item, signed_in_token, state_for


def _signed_in(db, **kwargs):
    account = make_account(db, **kwargs)
    token = signed_in_token(db, account)
    db.commit()
    return account, token


def test_the_profile_saves_the_reminder_choices(db):
    account, token = _signed_in(db)
    state = state_for(ProfileState, token=token)
    state.on_load()
    assert state.reminder_values == {"warranty": "on", "lent": "on", "policy": "on", "reinventory": "on",
                                     "card": "on", "cadence": "at_once"}
    state.save_reminders({"warranty": True, "lent": False, "card": "on", "cadence": "monthly", "reminders-lent": False})
    assert state.errors == {} and state.message == "Dina val för påminnelser är sparade."
    assert state.reminder_values["lent"] == "" and state.reminder_values["cadence"] == "monthly"
    assert reminders.reminder_choices(account.id).kinds == ("warranty", "card")


def test_refused_reminder_choices_say_why_in_the_visitors_language_and_change_nothing(db):
    account, token = _signed_in(db)
    state = state_for(ProfileState, token=token)
    state.on_load()
    state.save_reminders({"warranty": "on", "cadence": "weekly"})
    assert state.errors == {"cadence": "Välj direkt eller en sammanfattning i månaden."}
    assert reminders.reminder_choices(account.id).cadence == "at_once"
    state.lang = "en"
    state.save_reminders({"cadence": "yearly"})
    assert state.errors == {"cadence": "Choose at once or a monthly summary."}


def test_a_visitor_is_sent_to_login_and_nothing_is_saved(db):
    state = state_for(ProfileState)
    assert event_names(state.save_reminders({"cadence": "monthly"})) == ["_redirect"]
    assert event_names(state_for(RemindersState).on_load()) == ["_redirect"]
    assert state.message == ""


def test_the_list_shows_the_customers_own_current_reminders(db):
    account, token = _signed_in(db)
    other = make_account(db)
    make_item(db, account, name="Diskmaskin", warranty_end=(utcnow().date() + timedelta(days=3)).isoformat())
    make_item(db, other, name="Grannens tv", warranty_end=(utcnow().date() + timedelta(days=3)).isoformat())
    db.commit()
    state = state_for(RemindersState, token=token)
    state.on_load()
    assert state.loaded and [r["kind"] for r in state.reminders] == ["warranty"]
    assert "Diskmaskin" in state.reminders[0]["text"] and state.reminders[0]["href"].startswith("/object?id=")
