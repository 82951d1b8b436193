"""Reading and writing question banks: spreadsheets (xlsx, csv, zip with images) and Moodle formats.

Every reader turns bytes into an :class:`ImportResult` (plain data, nothing written anywhere);
the service validates it against the bank and writes it all-or-nothing. pandas and openpyxl are
used only inside this package.
"""

from questionbank.io.common import ImageBlob, ImportedQuestion, ImportResult

__all__ = ["ImageBlob", "ImportResult", "ImportedQuestion"]
