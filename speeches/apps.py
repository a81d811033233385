from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SpeechesConfig(AppConfig):
    name = "speeches"
    verbose_name = "Speeches"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .editors import grant_editorial_permissions
        from .research import signals as research_signals

        post_migrate.connect(grant_editorial_permissions, sender=self)
        research_signals.connect()
