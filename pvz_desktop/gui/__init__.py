"""PySide6 adapters: the main window, pages, dialogs, table models and background tasks."""
