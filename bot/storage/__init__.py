"""Storage: one SQLite file; see `store.py` for the verbs the rest of the code may use."""

from bot.storage.store import Change, Store, open_store, storage_problem

__all__ = ["Change", "Store", "open_store", "storage_problem"]
