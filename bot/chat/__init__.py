"""The Telegram layer: translate updates into flow events, commit, render replies."""
