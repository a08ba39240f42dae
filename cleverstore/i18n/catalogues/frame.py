"""The page frame on a phone and a desktop: the menu button, the account's places, the tab bar."""

PREFIXES = ('frame',)

SV = {
    "frame.menu": "Meny",
    "frame.account": "Konto",
    "frame.tabs": "Genvägar",
    "frame.tab_register": "Register",
    "frame.tab_add": "Lägg till",
    "frame.tab_reports": "Rapporter",
    "frame.tab_account": "Konto",
    "frame.admin_more": "Mer",
    "frame.table_hint": "Tabellen är bredare än skärmen – dra i sidled för att se alla kolumner.",
}

EN = {
    "frame.menu": "Menu",
    "frame.account": "Account",
    "frame.tabs": "Shortcuts",
    "frame.tab_register": "Register",
    "frame.tab_add": "Add",
    "frame.tab_reports": "Reports",
    "frame.tab_account": "Account",
    "frame.admin_more": "More",
    "frame.table_hint": "The table is wider than the screen – swipe sideways to see every column.",
}
