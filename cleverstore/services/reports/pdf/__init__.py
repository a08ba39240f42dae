"""PDF reports drawn with reportlab: the register report, the claim pack and QR label sheets.

User text is drawn with canvas text operations, never through Paragraph markup,
so nothing a customer typed is ever interpreted; it is still cleaned (control
characters, glyphs the font lacks, right-to-left order) by `reports.text`.
"""
