import logging

from gunicorn.glogging import Logger as GunicornLogger

from shebao.core.masking import mask_text, mask_url


class MaskPersonalDataFilter(logging.Filter):
    """Masks ID and phone numbers in every log record before a handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_text(record.getMessage())
        record.args = ()
        return True


class MaskingGunicornLogger(GunicornLogger):
    """gunicorn's access log, with personal data masked: a search or the public ID checker carries the
    number in the query string (/ids/check/?number=...), and the access log would keep it whole.
    `make run` starts gunicorn with --logger-class pointing here."""

    _URL_ATOMS = ("U", "q", "f", "{raw_uri}e", "{path_info}e", "{query_string}e", "{referer}i")

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in self._URL_ATOMS:
            if isinstance(atoms.get(key), str):
                atoms[key] = mask_url(atoms[key]) if key != "q" else mask_url("?" + atoms[key])[1:]
        atoms["r"] = f"{atoms['m']} {mask_url(environ.get('RAW_URI', ''))} {atoms['H']}"
        return atoms
