"""Voorbereid: a Telegram bot that helps clients prepare for a meeting with their professional.

Floors, each knowing only the ones before it:
content (data + catalogs) → flows (pure state machines) → storage → chat (Telegram) → CLI.
"""

__version__ = "0.1.0"
