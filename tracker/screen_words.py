"""Words the screens show where a table cannot colour: the RAG rating after its coloured symbol."""

from tracker import vocabulary
from tracker.models import Rag


def rag_text(rag: object) -> str:
    """Return the RAG rating with a coloured symbol and its word ('– None' when none).

    Screens cannot colour a dot inside a table, so the symbol is the term's coloured emoji.
    """
    if str(rag) not in set(Rag):
        return "– None"
    term = vocabulary.term(Rag, rag)
    return f"{term.emoji} {term.label}"
