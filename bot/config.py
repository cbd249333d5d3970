"""Settings from the environment, read once at start-up into a frozen value (never at import)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from bot.content.model import CONTENT_DIR
from bot.i18n import LOCALES_DIR

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_DATABASE_PATH = "data/voorbereid.db"

# (name, default, help) — documented in the README; `python -m bot --help` lists them too.
SETTINGS = (
    ("TELEGRAM_BOT_TOKEN", "", "Bot token from @BotFather. Without it the terminal preview runs."),
    ("TELEGRAM_API_BASE_URL", DEFAULT_API_BASE_URL,
     "Bot API base URL, for a self-hosted Bot API server (the token is appended)."),
    ("DATABASE_PATH", DEFAULT_DATABASE_PATH, "SQLite database file."),
    ("DATA_KEY", "", "Key that encrypts what people typed (python -m bot keygen makes one). "
     "Required, except for the preview. Back it up: a lost key means lost answers."),
    ("DATA_KEY_FILE", "", "A file holding the data key, instead of DATA_KEY."),
    ("RETENTION_DAYS", "30", "Days after the appointment before answers, summaries and voice "
     "notes are purged."),
    ("RETENTION_DAYS_NO_APPOINTMENT", "90", "For clients without an appointment: days after "
     "their last message before the purge."),
    ("ORGANISATION_CONTACT", "",
     "How clients reach a person at the organisation (phone or e-mail), shown in the welcome."),
    ("TELEGRAM_BOT_USERNAME", "",
     "The bot's username, for printed links (otherwise asked of Telegram with the token)."),
    ("LOG_LEVEL", "INFO", "Logging level (no personal data is ever logged)."),
    ("CONTENT_DIR", "", "Folder with flow.toml, crisis.toml and profile.toml "
     "(default: bot/content), e.g. to try changed content before rolling it out."),
    ("LOCALES_DIR", "", "Folder with <lang>/LC_MESSAGES/*.po (default: locales)."),
    ("TELEGRAM_TIMEOUT", "10", "Seconds to wait for Telegram's answer to one call before it "
     "counts as timed out (then retried, or reported honestly)."),
    ("POLL_TIMEOUT", "25", "Seconds one long poll (getUpdates) waits for new updates."),
    ("DB_BUSY_TIMEOUT", "5", "Seconds a write waits for a database locked by another process "
     "before the client is told it could not be saved yet."),
    ("CACHE_SIZE", "10000", "Conversations kept in memory (least recently used are re-read)."),
    ("LATE_NOTICE_HOURS", "2", "Hours before the appointment at which a summary that has not "
     "fully arrived is reported to the professional and the client."),
)


@dataclass(frozen=True)
class Config:
    token: str
    api_base_url: str
    database_path: str
    contact: str
    log_level: str
    bot_username: str = ""
    retention_days: int = 30
    idle_days: int = 90
    content_dir: Path = CONTENT_DIR
    locales_dir: Path = LOCALES_DIR
    telegram_timeout: float = 10.0
    poll_timeout: int = 25
    db_busy_timeout: float = 5.0
    cache_size: int = 10_000
    late_notice_hours: float = 2.0

    @property
    def api_file_url(self) -> str:
        """Where files are downloaded: Telegram's convention is /file/bot<token>."""
        base = self.api_base_url.rstrip("/")
        head, sep, tail = base.rpartition("/")
        return f"{head}/file/{tail}" if sep else base


def load_config(env: dict[str, str] | None = None) -> Config:
    env = dict(os.environ if env is None else env)
    value = {name: (env.get(name) or default).strip() for name, default, _ in SETTINGS}
    return Config(
        token=value["TELEGRAM_BOT_TOKEN"],
        api_base_url=value["TELEGRAM_API_BASE_URL"],
        database_path=value["DATABASE_PATH"],
        contact=value["ORGANISATION_CONTACT"],
        log_level=value["LOG_LEVEL"].upper(),
        content_dir=Path(value["CONTENT_DIR"]) if value["CONTENT_DIR"] else CONTENT_DIR,
        locales_dir=Path(value["LOCALES_DIR"]) if value["LOCALES_DIR"] else LOCALES_DIR,
        bot_username=value["TELEGRAM_BOT_USERNAME"],
        retention_days=_days(value["RETENTION_DAYS"], "RETENTION_DAYS"),
        idle_days=_days(value["RETENTION_DAYS_NO_APPOINTMENT"], "RETENTION_DAYS_NO_APPOINTMENT"),
        telegram_timeout=float(value["TELEGRAM_TIMEOUT"]),
        poll_timeout=int(float(value["POLL_TIMEOUT"])),
        db_busy_timeout=float(value["DB_BUSY_TIMEOUT"]),
        cache_size=int(value["CACHE_SIZE"]),
        late_notice_hours=float(value["LATE_NOTICE_HOURS"]),
    )


def _days(text: str, name: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{name} must be a whole number of days (1 or more), not {text!r}")
    return int(text)
