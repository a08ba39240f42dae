"""Empty states: what a customer sees before there is anything, and the next step from there."""

PREFIXES = ('empty',)

SV = {
    "empty.register_title": "Ta ett foto av din första sak",
    "empty.register_text": "Namn och värde kan du fylla i sen. Har du redan en lista i ett kalkylark?",
    "empty.register_import": "Importera ett kalkylark",
    "empty.register_manual": "Fyll i ett föremål för hand",
    "empty.invoices_next": "Kvitton på betalningar samlas här när du har betalat din första faktura.",
    "empty.reports_next": "Välj vad rapporten ska ta med ovan och tryck på knappen: PDF:en hamnar här och finns kvar i 24 timmar.",
    "empty.support_next": "Skriv till oss nedan: vi svarar här och med e-post, oftast samma arbetsdag.",
}

EN = {
    "empty.register_title": "Take a photo of your first thing",
    "empty.register_text": "The name and value can wait. Already have a list in a spreadsheet?",
    "empty.register_import": "Import a spreadsheet",
    "empty.register_manual": "Fill in an object by hand",
    "empty.invoices_next": "Your paid invoices collect here once you have paid your first one.",
    "empty.reports_next": "Choose what the report covers above and press the button: the PDF lands here and stays for 24 hours.",
    "empty.support_next": "Write to us below: we answer here and by e-mail, usually the same working day.",
}
