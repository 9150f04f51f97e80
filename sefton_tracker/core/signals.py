"""Signals the shared framework sends to the apps above it, which it may not import."""

from django.dispatch import Signal

# Sent by `create_demo_users` for each demo user, with `user` and `role`, once the role is set. A
# receiver may answer with a short note of what it did ("member of Sefton"), printed with the user.
# (visits gives each demo user the default authority: visits.scope.join_default_authority.)
demo_user_ready = Signal()
