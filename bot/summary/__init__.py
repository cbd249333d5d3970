"""What the professional receives: the agenda, the summary message and the printable PDF.

    answers document → shared.py (only what the client shares; the profile JSON from it)
    → model.py (one Summary: agenda.py's points, sections, the profile's pointer, values)
    → text.py (Telegram HTML messages ≤ 4096 characters) and pdf.py + summary.typ (A4 PDF)
    status.py: the note when the client has not finished 24 hours before the meeting;
    command.py: `python -m bot summary` offline; texts.py: the message ids (summary.po).

The client's own words travel as `words.Words` values and are never pasted into markup:
escaped for Telegram, passed as JSON data to Typst.
"""
