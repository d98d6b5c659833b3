"""Logs never carry a full ID or phone number, whatever a developer passes to the logger."""

import logging

from shebao.core.logfilters import MaskPersonalDataFilter


def test_the_filter_masks_numbers_in_the_message_and_its_arguments():
    record = logging.LogRecord(
        "shebao", logging.INFO, __file__, 1, "lookup %s by %s", ("500103195303071224", "13812345678"), None
    )
    assert MaskPersonalDataFilter().filter(record)
    text = record.getMessage()
    assert "500103195303071224" not in text and "500103********1224" in text
    assert "13812345678" not in text and "138****5678" in text


def test_the_configured_console_handler_masks(settings):
    """The handler that settings.LOGGING configures, pointed at a buffer instead of stderr."""
    import copy
    import io
    import logging.config

    buffer = io.StringIO()
    config = copy.deepcopy(settings.LOGGING)
    config["handlers"]["console"]["stream"] = buffer
    config.pop("root")
    config["loggers"] = {"masktest": {"handlers": ["console"], "level": "INFO", "propagate": False}}
    logging.config.dictConfig(config)
    logging.getLogger("masktest").warning("person %s called from 13812345678", "500103195303071224")
    written = buffer.getvalue()
    assert "500103195303071224" not in written and "500103********1224" in written
    assert "13812345678" not in written
