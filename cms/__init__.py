"""The Django project and the platform core: org tree, accounts and scopes, audit, notifications."""
