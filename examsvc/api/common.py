"""Helpers shared by the API's views: reading JSON bodies."""

from __future__ import annotations

from typing import Any

from flask import request

from examsvc.errors import BadRequestError

__all__ = ["BadRequestError", "json_body"]


def json_body(*required: str) -> dict[str, Any]:
    """The request's JSON object, with the ``required`` keys present.

    A JSON content type is required: a cross-site HTML form cannot send one without a CORS
    preflight, which this service never grants.

    :raises BadRequestError: if the body is not a JSON object or a key is missing.
    """
    if not request.is_json:
        raise BadRequestError("send a JSON body with Content-Type: application/json")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequestError("the body must be a JSON object")
    missing = [key for key in required if key not in body]
    if missing:
        raise BadRequestError(f"missing: {', '.join(missing)}")
    return body
