"""Operations: Prometheus metrics, health and readiness checks (see `Operations`)."""
