"""How the app names a person: their full name, or their username when no name is recorded."""


def person_name(user, default: str = "") -> str:
    if user is None:
        return default
    return user.get_full_name() or user.get_username()
