from .schema import Document
def find_events(doc: Document) -> Document:
    return doc
