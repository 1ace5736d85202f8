"""The notification outbox: SMS, email and in-admin messages, sent by background jobs."""
