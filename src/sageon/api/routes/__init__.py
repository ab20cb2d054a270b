"""One router per resource; each serves its JSON/CSV API under ``/api`` and its page at the root."""
