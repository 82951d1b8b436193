"""The examsvc domain: questions, tags, versions, file formats, papers, grading, rankings.

Nothing in this package imports Flask; the service in :mod:`examsvc` is built on top of it.
"""
