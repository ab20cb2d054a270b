"""Time expressions (placeholder: being replaced)."""
from .schema import Document


def find_times_in_doc(doc: Document) -> Document:
    doc.times = []
    return doc
