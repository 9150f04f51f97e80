from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from sefton_tracker.core.roles import ADMINISTRATOR, BOARD_MEMBER, OFFICER, set_role
from sefton_tracker.core.signals import demo_user_ready

DEMO_USERS = [
    # username, password, role, name
    ("board", "demo-board-pass", BOARD_MEMBER, ("Bev", "Board")),
    ("officer", "demo-officer-pass", OFFICER, ("Olu", "Officer")),
    ("admin", "demo-admin-pass", ADMINISTRATOR, ("Ada", "Admin")),
]


class Command(BaseCommand):
    help = "Create one demo user per role (development only) and print their sign-in details."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demo users are for development only: this refuses to run with DEBUG off."
            )
        self.stdout.write("Demo users (development only):")
        for username, password, role, (first, last) in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username)
            user.first_name, user.last_name = first, last
            user.set_password(password)
            user.save()
            set_role(user, role)  # the admin's own rule: staff status for Administrators only
            # The apps above say what else a demo user needs (visits: their local authority).
            notes = [
                note for _, note in demo_user_ready.send(Command, user=user, role=role) if note
            ]
            line = f"  {role:<14} username: {username:<8} password: {password}"
            self.stdout.write("; ".join([line, *notes]))
