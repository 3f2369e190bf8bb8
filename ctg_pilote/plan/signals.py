"""What the plan tells the apps above it, which it may not import (the feed of collaboration).

`action_followed_up(sender=Action, action=..., by=..., what=[...])` is sent, inside the
writing transaction, when someone changes an existing action (its fields or rows), writes a
note on it or a value of one of its indicators; `what` names what changed, in French.
"""

from django.dispatch import Signal

action_followed_up = Signal()
