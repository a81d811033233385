"""Short public identifiers for documents: random, URL-safe, easy to read aloud and type."""
import secrets

# No 0/o, 1/l/i: a researcher copying an id from print must not be able to misread it.
ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
LENGTH = 8


def new_public_id():
    """Return a fresh random public id such as ``k7m2q9xd`` (31**8, about 8.5e11 values)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
