"""Sign-in backend: refuses deactivated users and users of suspended or offboarded partners.

Django asks the backend for the user on every request, so a deactivation or
suspension takes effect on the very next request, not at the next sign-in.
"""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend

from trellis.partners.selectors import partner_allows_sign_in

from .models import User


class ActiveMemberBackend(AuthenticationBackend):
    def user_can_authenticate(self, user: Any) -> bool:
        if not super().user_can_authenticate(user):
            return False
        return user.partner_id is None or partner_allows_sign_in(user.partner)

    def get_user(self, user_id: Any) -> User | None:  # type: ignore[override]
        user = User.objects.select_related("partner").filter(pk=user_id).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        return user
