"""Storage: one SQLite file, and the only code that speaks SQL. `store.py` holds the client's
conversations and the group-commit writer; each other module names the queries of one area
(accounts, invites, timed work, follow-ups, the outbox, privacy, statistics reads)."""

from sqlite3 import Connection
from sqlite3 import Error as StorageError

from bot.storage.store import Change, Store, open_store, storage_problem

__all__ = ["Change", "Connection", "StorageError", "Store", "open_store", "storage_problem"]
