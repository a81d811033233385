"""What ``manage.py check --deploy`` says of how alerts are sent."""
from django.conf import settings
from django.core import checks

CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"


@checks.register(checks.Tags.security, deploy=True)
def mail_is_sent(app_configs, **kwargs):
    """Warn when a deployed archive writes its mail to the console: each message holds a subscriber's
    address and the links that confirm, manage and end their alerts, and the console is its log."""
    if settings.DEBUG or settings.EMAIL_BACKEND != CONSOLE_BACKEND:
        return []
    return [checks.Warning(
        "Mail is written to the console (no EMAIL_URL): subscribers' addresses and their alerts' links would "
        "go to the server's log, and no alert would reach anyone.",
        hint="Set EMAIL_URL to the mail server, e.g. submission://user:password@mail.example.org:587.",
        id="speeches.W001")]
