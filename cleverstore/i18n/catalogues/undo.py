"""Undoing a bulk action from its success message, and the move's explicit choice of place."""

PREFIXES = ('undo',)

SV = {
    "undo.button": "Ångra",
    "undo.within": "(går att ångra i 10 minuter)",
    "undo.done": "Ändringen är ångrad: {count} föremål är som förut.",
    "undo.choose_place": "Välj plats…",
    "undo.remove_place": "Ta bort platsen (ingen plats)",
}

EN = {
    "undo.button": "Undo",
    "undo.within": "(can be undone for 10 minutes)",
    "undo.done": "Undone: {count} objects are as they were.",
    "undo.choose_place": "Choose a place…",
    "undo.remove_place": "Remove the place (no place)",
}
