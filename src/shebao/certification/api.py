"""The certification API, mounted by shebao.api."""

from ninja import Router

router = Router(tags=["certification"])
