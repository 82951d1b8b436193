"""Domain errors raised by services and mapped in one place to HTTP responses, flash messages
or a one-line CLI failure."""

from __future__ import annotations

from questionbank.problems import Problem


class ServiceError(Exception):
    """A request the service refuses, with a stable ``code`` and an HTTP ``status``."""

    code = "invalid"
    status = 400

    def __init__(self, message: str, *, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


class NotFoundError(ServiceError):
    """The thing asked for does not exist (or the caller may not know it does)."""

    code = "not_found"
    status = 404


class ForbiddenError(ServiceError):
    """The caller may not do this."""

    code = "forbidden"
    status = 403


class ConflictError(ServiceError):
    """The request conflicts with the current state."""

    code = "conflict"
    status = 409


class InvalidInputError(ServiceError):
    """The input is invalid; ``problems`` lists what is wrong."""

    code = "invalid_input"
    status = 422


class BadRequestError(ServiceError):
    """The request is malformed (not the JSON or form fields the endpoint expects)."""

    code = "bad_request"
    status = 400
