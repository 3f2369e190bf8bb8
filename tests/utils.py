import html


def page_text(response) -> str:
    """The page as a person reads it: HTML entities decoded (n&#x27;êtes -> n'êtes)."""
    return html.unescape(response.content.decode())
