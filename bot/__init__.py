"""mi-Help: a Telegram bot for migrant workers in Kazan. See README.md and DEVELOPERS.md."""

from bot import lazy_models

lazy_models.defer()
