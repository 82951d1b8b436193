"""Marking: automatic grading at submission, blind double marking of short answers."""
