import html
from html.parser import HTMLParser


def page_text(response) -> str:
    """The page as a person reads it: HTML entities decoded (n&#x27;êtes -> n'êtes)."""
    return html.unescape(response.content.decode())


class FormParser(HTMLParser):
    """The forms of a page and the fields a browser would submit from each (hidden `version`
    included), as `{"action": ..., "fields": [[name, value], ...]}`."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "fields": []})
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                fields.append([name, attrs.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "select" and name and "disabled" not in attrs:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            fields.append([self._select, attrs.get("value", "")])
        elif tag == "textarea" and name and "disabled" not in attrs:
            self._textarea = [name, ""]
            fields.append(self._textarea)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
