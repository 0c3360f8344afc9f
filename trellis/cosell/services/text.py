"""What people write in co-selling (invitations, messages, notes): trimmed, required where it must
be,
bounded."""

from __future__ import annotations

from django.utils.translation import gettext as _

from trellis.core.exceptions import InvalidInput

MAX_MESSAGE = 4000
MAX_INVITATION = 2000


def clean_text(value: str, *, limit: int, field: str, required: bool) -> str:
    value = value.strip()
    if required and not value:
        raise InvalidInput(_("Write something first."), field=field)
    if len(value) > limit:
        raise InvalidInput(_("At most %(n)s characters, please.") % {"n": limit}, field=field)
    return value
