"""Reviewing proposed fixes: report formats (word diff, rdjson, SARIF, HTML), ``unspin apply`` and
``unspin review``.

Everything here works from the same records as the engine: :class:`unspin.model.Edit` with code-point
offsets into the original input. Each format converts offsets to its own units when it is written.
"""
