"""Staff sessions end after SESSION_IDLE_MINUTES without activity. Django keeps such an idle limit by
saving the session on every request (SESSION_SAVE_EVERY_REQUEST): an UPDATE per request, every API call
included. Here the expiry is pushed back only once it has run down by RENEW_AFTER, so the limit holds to
within a minute and a teller's burst of API calls writes the session once (settings.SESSION_ENGINE)."""

from datetime import timedelta

from django.contrib.sessions.backends import db
from django.utils import timezone

RENEW_AFTER = timedelta(minutes=1)


class SessionStore(db.SessionStore):
    """The database store, remembering the expiry of the row it read."""

    loaded_expiry = None

    def _get_session_from_db(self):
        row = super()._get_session_from_db()
        self.loaded_expiry = row.expire_date if row is not None else None
        return row


class IdleRenewalMiddleware:
    """After SessionMiddleware in settings.MIDDLEWARE, so the session is marked before it is saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        expiry = getattr(session, "loaded_expiry", None)
        if expiry is not None and not session.modified and not session.is_empty():
            age = timedelta(seconds=session.get_expiry_age())
            if expiry - timezone.now() < age - RENEW_AFTER:
                session.modified = True
        return response
