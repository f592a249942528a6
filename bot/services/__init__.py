"""Services: the application's behaviour, between handlers and repositories."""
