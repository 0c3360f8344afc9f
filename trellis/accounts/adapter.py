"""django-allauth adapter: no self sign-up, and e-mails go through the task queue."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import reverse

from trellis.core.mail import queue_email


class TrellisAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Partners join by invitation or application; staff are created by admins.
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        msg = self.render_mail(template_prefix, email, context)
        html = ""
        for content, mimetype in getattr(msg, "alternatives", []):
            if mimetype == "text/html":
                html = str(content)
        queue_email(to=email, subject=str(msg.subject), body_text=str(msg.body), body_html=html)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return reverse("home")
