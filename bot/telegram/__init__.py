"""Everything between the bot and the Bot API: flood limits, retries, safe sending."""
