"""The professional's side: accounts, invites, deliveries (outbox), reminders, reflections."""
