"""Content as data: the structure of the preparation, loaded once at start-up."""

from bot.content.model import (
    Content,
    ContentError,
    OptionSet,
    Part,
    Question,
    load_content,
)

__all__ = ["Content", "ContentError", "OptionSet", "Part", "Question", "load_content"]
