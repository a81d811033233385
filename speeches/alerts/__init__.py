"""Alerts by email: following a search without an account (``subscribing``), the signed links its
mails carry (``links``), and finding and sending what is new (``sending``, run by ``manage.py send_alerts``)."""
