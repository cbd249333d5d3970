"""What the professional receives: the agenda, the summary message and the printable PDF."""
