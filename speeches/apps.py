from django.apps import AppConfig


class SpeechesConfig(AppConfig):
    name = "speeches"
    verbose_name = "Speeches"
    default_auto_field = "django.db.models.BigAutoField"
