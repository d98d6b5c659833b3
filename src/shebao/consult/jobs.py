"""The consult app's background job (core.jobs): a guide changed in the catalogue reaches the handling
answers made from it within the hour (knowledge_load leaves answers staff edited alone)."""

from shebao.consult import services
from shebao.core.jobs import job


@job("consult.knowledge", every_minutes=60)
def knowledge_refresh() -> dict[str, int]:
    return services.knowledge_load()
