"""How updates get in (polling or webhook, both through the durable inbox) and how the app runs."""
