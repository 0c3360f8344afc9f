"""Audited writes of the vendor's configuration (programs, rules, catalogue, calendars).

Every configuration screen changes one row at a time the same way: lock it,
apply the new values, let the model's own validation and the database's
constraints judge them, and record what changed (only what changed) in the
same transaction, bumping the stamp of the caches built from it.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from . import events, stamps
from .actor import Actor
from .exceptions import Conflict, InvalidInput

M = TypeVar("M", bound=models.Model)


def _refusal(exc: ValidationError, fields: list[str]) -> InvalidInput:
    """The first message of a model validation error, on the field it names."""
    by_field = getattr(exc, "error_dict", None) or {NON_FIELD_ERRORS: exc.error_list}
    name, errors = next(iter(by_field.items()))
    message = next(iter(ValidationError(errors).messages))
    return InvalidInput(message, field=name if name in fields else None)


def _as_stored(obj: models.Model, name: str, value: Any) -> Any:
    """The value as the database will give it back (a decimal at its scale), so "20" typed
    over a stored "20.00" is no change."""
    field = obj._meta.get_field(name)
    if isinstance(field, models.DecimalField) and isinstance(value, Decimal) and value.is_finite():
        try:
            return value.quantize(Decimal(1).scaleb(-(field.decimal_places or 0)))
        except InvalidOperation:  # too many digits: the model's validation refuses it
            return value
    return value


def save_audited(
    *,
    actor: Actor,
    obj: M,
    values: dict[str, Any],
    verb: str,
    stamp: str | None = None,
    partner_id: int | None = None,
    note: str = "",
) -> tuple[M, dict[str, Any]]:
    """Apply ``values`` to ``obj`` (new or stored) and save it with an audit event.

    Returns the saved object and the fields that changed (old value, new value).
    A stored row is locked first, so two administrators saving at once apply
    one after the other and each event's "before" is what really was there.
    Nothing is written, and nothing recorded, when no value changes.
    """
    names = list(values)
    with transaction.atomic():
        creating = obj.pk is None
        if not creating:
            obj = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        before = {} if creating else events.snapshot(obj, names)
        for name, value in values.items():
            setattr(obj, name, _as_stored(obj, name, value))
        try:
            obj.full_clean()
        except ValidationError as exc:
            raise _refusal(exc, names) from None
        after = events.snapshot(obj, names)
        changed = {k: (before.get(k), after[k]) for k in names if creating or before[k] != after[k]}
        if not changed:
            return obj, {}
        try:
            with transaction.atomic():
                obj.save()
        except IntegrityError:
            raise Conflict(
                _("Someone else saved a conflicting change; reload and try again.")
            ) from None
        events.record(
            actor,
            verb,
            obj,
            partner_id=partner_id,
            before={k: old for k, (old, _new) in changed.items() if not creating},
            after={k: new for k, (_old, new) in changed.items()},
            note=note,
        )
        if stamp:
            stamps.bump(stamp)
    return obj, changed


def delete_audited(*, actor: Actor, obj: models.Model, verb: str, stamp: str | None = None) -> None:
    """Delete ``obj`` with an audit event; a row still in use is refused, not cascaded away."""
    with transaction.atomic():
        events.record(actor, verb, obj, before={"name": str(obj)})
        try:
            with transaction.atomic():
                obj.delete()
        except models.ProtectedError:
            raise Conflict(_("This is still in use, so it cannot be deleted.")) from None
        if stamp:
            stamps.bump(stamp)


def set_amounts(
    *,
    actor: Actor,
    owner: models.Model,
    rows: Any,
    key: str,
    amount: str,
    wanted: dict[str, Decimal | None],
    verb: str,
    stamp: str,
) -> dict[str, str]:
    """Set one amount per key among ``owner``'s child ``rows`` (its related manager: a tier's
    requirements, a product's prices); ``None`` removes a key's row.

    The caller checked the keys and the amounts (``refuse_negative``). Audited once, with
    every key's amount before and after, when anything changed; returns the amounts now
    stored, as text. Call inside the caller's transaction, with ``owner`` locked.
    """
    stored = {getattr(r, key): r for r in rows.all()}
    before = {k: str(getattr(r, amount)) for k, r in stored.items()}
    for name, value in wanted.items():
        current = stored.get(name)
        if value is None:
            if current is not None:
                current.delete()
        elif current is None:
            rows.create(**{key: name, amount: value})
        elif getattr(current, amount) != value:
            setattr(current, amount, value)
            current.save(update_fields=[amount])
    after = {str(k): str(v) for k, v in rows.values_list(key, amount)}
    if after != before:
        events.record(actor, verb, owner, before=before, after=after)
        stamps.bump(stamp)
    return after


def refuse_negative(values: dict[str, Decimal | None], message: str, field: str | None) -> None:
    """Refuse an amount that is not a finite number of zero or more (``field`` None: each
    amount's own key is the field)."""
    for name, value in values.items():
        if value is not None and (not value.is_finite() or value < 0):
            raise InvalidInput(message, field=field or name)
