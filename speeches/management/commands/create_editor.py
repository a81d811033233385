"""Create an editor's (or a publisher's) account: a staff user in the Editors (or Publishers) group."""
import getpass
import os

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from speeches.editorial_groups import EDITORS_GROUP, PUBLISHERS_GROUP


class Command(BaseCommand):
    help = ("Create an account for an editor (adds and corrects drafts, submits them for review) or, with "
            "--publisher, a publisher (also publishes and approves). Asks for the password unless "
            "ARCHIVE_NEW_PASSWORD is set.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--publisher", action="store_true", help="Publishers publish and approve.")

    def handle(self, username, email, publisher, **options):
        user_model = get_user_model()
        if user_model.objects.filter(username=username).exists():
            raise CommandError(f"There is already an account called {username!r}.")
        password = self.new_password(user_model(username=username, email=email))
        user = user_model.objects.create_user(username, email=email, password=password, is_staff=True)
        group = PUBLISHERS_GROUP if publisher else EDITORS_GROUP
        user.groups.add(Group.objects.get(name=group))
        self.stdout.write(f"Created {username!r} in {group}; they sign in at /admin/.")

    def new_password(self, user):
        password = os.environ.get("ARCHIVE_NEW_PASSWORD") or getpass.getpass("Password: ")
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        return password
