"""aiogram Routers, one module per feature. Handlers stay thin: parse, call a service, render."""
