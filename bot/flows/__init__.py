"""Pure conversation logic: events in, a new state and screens out. No Telegram, no I/O."""
