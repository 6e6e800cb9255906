"""Workflows: the only code that changes business state.

Every function runs one transaction that writes the state change, a hash-chained ledger
event and an outbox row together, or nothing at all, and returns plain dataclasses.
"""
