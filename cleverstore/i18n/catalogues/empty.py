"""Empty states: what a customer sees before there is anything, and the next step from there."""

PREFIXES = ('empty',)

SV = {
    "empty.register_title": "Ta ett foto av din första sak",
    "empty.register_text": "Namn och värde kan du fylla i sen. Har du redan en lista i ett kalkylark?",
    "empty.register_import": "Importera ett kalkylark",
    "empty.register_manual": "Fyll i ett föremål för hand",
}

EN = {
    "empty.register_title": "Take a photo of your first thing",
    "empty.register_text": "The name and value can wait. Already have a list in a spreadsheet?",
    "empty.register_import": "Import a spreadsheet",
    "empty.register_manual": "Fill in an object by hand",
}
