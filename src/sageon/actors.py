from .schema import Document
def find_actors(doc: Document) -> Document:
    return doc
