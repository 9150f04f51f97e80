"""The one error the importer raises for input it cannot use."""


class ImportProblem(Exception):
    """The text or file cannot be imported; the message says what could not be found."""


class UnknownAuthority(ImportProblem):
    """The document's local authority is not in the tracker (or its name could not be found)."""
