from .schema import Document
def find_quotes(doc: Document) -> Document:
    return doc
