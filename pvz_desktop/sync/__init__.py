"""Sync with the central API: HTTP client, outbox pusher, change puller, sync worker."""
