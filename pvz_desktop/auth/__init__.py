"""Ozon-ID-style login: OAuth 2 code + PKCE over a loopback redirect; refresh token in the keyring."""
