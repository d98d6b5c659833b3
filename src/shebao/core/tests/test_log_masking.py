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


def test_gunicorns_access_log_line_is_masked():
    """The logger class `make run` gives gunicorn, formatting a real request line as gunicorn does."""
    from datetime import timedelta
    from types import SimpleNamespace

    from gunicorn.config import Config
    from gunicorn.glogging import SafeAtoms

    from shebao.core.logfilters import MaskingGunicornLogger

    uri = "/ids/check/?doc_type=resident_id&number=500103195303071224"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": uri,
        "PATH_INFO": "/ids/check/",
        "QUERY_STRING": uri.split("?")[1],
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": "http://127.0.0.1:8000/staff/persons/?q=13812345678",
    }
    response = SimpleNamespace(status="200 OK", sent=120, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    config = Config()
    logger = MaskingGunicornLogger(config)
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=5))
    line = config.access_log_format % SafeAtoms(atoms) + " " + atoms["q"] + " " + atoms["{referer}i"]
    assert "500103195303071224" not in line and "13812345678" not in line
    assert "GET /ids/check/?doc_type=resident_id&number=500103********1224 HTTP/1.1" in line
    assert "138****5678" in line


def test_make_run_starts_gunicorn_with_the_masking_logger():
    from pathlib import Path

    from gunicorn.config import Config

    from shebao import gunicorn_conf
    from shebao.core.logfilters import MaskingGunicornLogger

    makefile = (Path(__file__).resolve().parents[4] / "Makefile").read_text()
    assert "-c python:shebao.gunicorn_conf" in makefile
    config = Config()  # as gunicorn reads the settings module
    config.set("logger_class", gunicorn_conf.logger_class)
    assert config.logger_class is MaskingGunicornLogger and gunicorn_conf.accesslog == "-"
