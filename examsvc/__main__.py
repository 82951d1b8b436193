"""``python -m examsvc`` is the ``examsvc`` command."""

from examsvc.cli import main

main()
