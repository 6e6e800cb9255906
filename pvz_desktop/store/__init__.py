"""Local SQLite cache: models, engine with pragmas, migrations applied at start-up."""
