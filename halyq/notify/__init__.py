"""Case notices to executors and department heads, by Telegram bot and by e-mail.

`outbox` writes one row per notice in the transaction of the event that causes it and the
worker sends them afterwards; `messages` words them in Kazakh and Russian; `telegram` and
`mail` deliver.
"""
