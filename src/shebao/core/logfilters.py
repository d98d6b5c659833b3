import logging

from shebao.core.masking import mask_text


class MaskPersonalDataFilter(logging.Filter):
    """Masks ID and phone numbers in every log record before a handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_text(record.getMessage())
        record.args = ()
        return True
