"""Build aiogram's pydantic models when they are first used, not all of them at import.

aiogram has a pydantic model for every Bot API type and method (about 900) and builds the
validator and serializer of each at import: about 100 MiB, for a bot that uses a few dozen. With
pydantic's `defer_build` a model is built the first time it validates or serializes. aiogram also
rebuilds every type at import with one namespace, to resolve its forward references; that rebuild
is skipped and the namespace handed to each model, so that the deferred build finds the names: one
namespace shared by all the models behind each model's own names (a copy per model cost 8 MiB).
Only aiogram's models are deferred: the default is set back once aiogram is imported.

`defer()` must run before anything imports aiogram (`bot/__init__.py` calls it); if aiogram is
already imported it does nothing, and everything works as before, with the memory spent.
"""

from __future__ import annotations

import sys
from collections import ChainMap
from typing import Any


def defer() -> None:
    if "aiogram" in sys.modules:
        return
    import pydantic
    from pydantic._internal import _config

    defaults: dict[str, Any] = _config.config_defaults  # type: ignore[assignment]
    previous_default = defaults.get("defer_build", False)
    defaults["defer_build"] = True
    original = pydantic.BaseModel.__dict__["model_rebuild"]
    namespace: dict[str, Any] = {}

    def rebuild_later(cls: type[pydantic.BaseModel], /, **kwargs: Any) -> bool | None:
        types_namespace = kwargs.get("_types_namespace")
        if types_namespace is not None and cls.__module__.startswith("aiogram.") and not kwargs.get("force"):
            namespace.update(types_namespace)
            return None
        kwargs["_parent_namespace_depth"] = kwargs.get("_parent_namespace_depth", 2) + 1
        rebuilt: bool | None = original.__func__(cls, **kwargs)
        return rebuilt

    pydantic.BaseModel.model_rebuild = classmethod(rebuild_later)  # type: ignore[method-assign,assignment]
    try:
        import aiogram
        import aiogram.methods
        import aiogram.types  # noqa: F401
    finally:
        # Only aiogram's models are deferred; models defined later are built as usual.
        defaults["defer_build"] = previous_default
        pydantic.BaseModel.model_rebuild = original  # type: ignore[method-assign]
    for model in _subclasses(pydantic.BaseModel):
        if model.__module__.startswith("aiogram.") and not model.__pydantic_complete__:
            own = model.__pydantic_parent_namespace__
            model.__pydantic_parent_namespace__ = ChainMap(own, namespace) if own else namespace


def _subclasses(base: type) -> list[type[Any]]:
    found: list[type[Any]] = []
    pending: list[type[Any]] = [base]
    while pending:
        for child in pending.pop().__subclasses__():
            found.append(child)
            pending.append(child)
    return found
