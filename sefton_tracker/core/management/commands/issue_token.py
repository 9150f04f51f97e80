from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = (
        "Print a user's API token, creating one if they have none. Send it as "
        "'Authorization: Token <key>'. Tokens can also be managed in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Revoke the user's current token and issue a new one.",
        )

    def handle(self, *args, username, replace, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"There is no user called {username!r}.") from None
        if not user.is_active:
            raise CommandError(f"{username!r} is inactive: an inactive user's token is refused.")
        with transaction.atomic():
            if replace:
                Token.objects.filter(user=user).delete()
            token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
