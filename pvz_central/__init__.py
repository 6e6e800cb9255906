"""Reference central API of PVZ Desktop: authorization server, operations, change feed."""
