"""Delning (/members), phone first: the owner's members (role, last activity, change, remove), the open
invitations and the invite form; for everyone, the registers shared with them and invitations to them.
The mailed link lands on /members/join, which says who invites and sends the invitee on."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.empty import empty_note
from cleverstore.components.forms import danger_button, select_field, submit_button, text_field
from cleverstore.components.layout import page_frame, when_loaded
from cleverstore.components.text import t
from cleverstore.pages.registry import customer_page, public_page
from cleverstore.state.members import JoinState
from cleverstore.state.members import MembersState as S

FORM = "invite"
ROLE_OPTIONS = [("editor", "members.role.editor"), ("viewer", "members.role.viewer")]


def _role_select(member) -> rx.Component:
    field_id = "role-" + member["id"]
    return rx.el.div(
        rx.el.label(t("members.role_label"), html_for=field_id, class_name="field-label"),
        rx.el.select(*[rx.el.option(t(key), value=value) for value, key in ROLE_OPTIONS],
                     id=field_id, value=member["role"], class_name="input select",
                     on_change=lambda role: S.change_role(member["id"], role)),
        class_name="field")


def _member_card(member) -> rx.Component:
    return rx.el.li(
        rx.el.h3(member["name"], class_name="member-name"),
        rx.el.p(member["email"], class_name="muted"),
        rx.el.p(t("members.last_active"), " ", member["last_active"], class_name="muted"),
        _role_select(member),
        rx.cond(S.confirm_remove == member["id"],
                rx.el.div(
                    rx.el.p(t("members.confirm_remove"), role="alert"),
                    danger_button("members.remove_yes", button_type="button", on_click=S.remove),
                    rx.el.button(t("members.keep"), type="button", class_name="button", on_click=S.keep_member),
                    class_name="confirm-box"),
                rx.el.button(t("members.remove"), type="button", class_name="button button-danger-outline",
                             on_click=S.ask_remove(member["id"]))),
        class_name="panel member-card",
    )


def _invite_card(invite) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong(invite["email"]), " · ", invite["role_text"]),
        rx.el.p(t("members.invite_expires"), " ", invite["expires"], class_name="muted"),
        rx.el.button(t("members.cancel_invite"), type="button", class_name="button",
                     on_click=S.cancel_invite(invite["id"])),
        class_name="panel invite-card",
    )


def _invite_form() -> rx.Component:
    return rx.el.form(
        text_field("members.email", "email", errors=S.errors, form=FORM, input_type="email",
                   autocomplete="off", required=True),
        select_field("members.role_label", "role", ROLE_OPTIONS, errors=S.errors, form=FORM, default_value="editor"),
        rx.cond(S.errors.get("limit", "") != "", rx.el.p(S.errors.get("limit", ""), class_name="field-error",
                                                          role="alert"), rx.fragment()),
        submit_button("members.send_invite", "send"),
        on_submit=S.invite, reset_on_submit=False, no_validate=True, key=S.form_key.to_string(), class_name="stack",
    )


def _owner_part() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("members.your_members")),
        rx.el.p(t("members.roles_explained"), class_name="muted"),
        rx.el.p(S.limit_text, class_name="muted", id="member-limit"),
        rx.cond(S.members.length() > 0,
                rx.el.ul(rx.foreach(S.members, _member_card), class_name="plain-list card-list"),
                empty_note("users", "members.none", "members.none_next")),
        rx.cond(S.invites.length() > 0,
                rx.el.div(rx.el.h3(t("members.open_invites")),
                          rx.el.ul(rx.foreach(S.invites, _invite_card), class_name="plain-list card-list")),
                rx.fragment()),
        rx.el.h3(t("members.invite_title")),
        _invite_form(),
        class_name="members-owner",
    )


def _shared_card(shared) -> rx.Component:
    return rx.el.li(
        rx.el.h3(shared["owner"]),
        rx.el.p(t("members.your_role"), " ", shared["role_text"], class_name="muted"),
        rx.cond(shared["open"] != "",
                rx.el.button(t("members.open_register"), type="button", class_name="button button-primary",
                             on_click=S.switch_register(shared["id"])),
                rx.el.p(shared["closed_text"], role="status")),
        rx.el.button(t("members.leave"), type="button", class_name="button button-danger-outline",
                     on_click=S.leave(shared["id"])),
        class_name="panel shared-card",
    )


def _invite_for_me(invite) -> rx.Component:
    return rx.el.li(
        rx.el.p(invite["text"]),
        rx.el.button(t("members.join"), type="button", class_name="button button-primary",
                     on_click=S.join(invite["id"])),
        class_name="panel invite-card",
    )


def _content() -> rx.Component:
    return rx.fragment(
        rx.cond(S.message != "", rx.el.p(S.message, role="status", class_name="notice"), rx.fragment()),
        rx.cond(S.invites_for_me.length() > 0,
                rx.el.section(rx.el.h2(t("members.invites_for_you")),
                              rx.el.ul(rx.foreach(S.invites_for_me, _invite_for_me), class_name="plain-list card-list")),
                rx.fragment()),
        rx.cond(S.shared.length() > 0,
                rx.el.section(rx.el.h2(t("members.shared_with_you")),
                              rx.el.ul(rx.foreach(S.shared, _shared_card), class_name="plain-list card-list")),
                rx.fragment()),
        rx.cond(S.owner, _owner_part(),
                rx.cond((S.shared.length() == 0) & (S.invites_for_me.length() == 0),
                        rx.el.p(t("members.not_owner"), class_name="muted"), rx.fragment())),
    )


@customer_page("/members", "members.title", S.on_load)
def members_page() -> rx.Component:
    return page_frame(rx.el.div(
        rx.el.h1(t("members.title")),
        when_loaded(S.loaded, _content()),
        class_name="members-page",
    ))


def _join_content() -> rx.Component:
    return rx.cond(
        JoinState.dead,
        rx.el.p(t("members.link_dead"), role="alert"),
        rx.el.div(
            rx.el.p(t("members.join_lead"), " ", rx.el.strong(JoinState.owner_name), " ",
                    t("members.join_as"), " ", JoinState.role_text, "."),
            rx.cond(JoinState.wrong_account,
                    rx.el.p(t("members.wrong_account"), " ", rx.el.strong(JoinState.invited_email), ".",
                            role="alert"),
                    rx.el.div(
                        rx.el.p(t("members.join_how"), " ", rx.el.strong(JoinState.invited_email), "."),
                        rx.el.div(
                            rx.el.a(t("members.join_login"), href="/login?next=/members",
                                    class_name="button button-primary"),
                            rx.el.a(t("members.join_signup"), href="/signup", class_name="button"),
                            class_name="button-row"),
                    )),
        ),
    )


@public_page("/members/join", "members.join_title", JoinState.on_load)
def join_page() -> rx.Component:
    return page_frame(rx.el.div(
        rx.el.h1(t("members.join_title")),
        when_loaded(JoinState.loaded, _join_content()),
        class_name="join-page",
    ))
