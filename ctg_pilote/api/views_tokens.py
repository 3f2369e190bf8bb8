"""/compte/jetons/: the signed-in person's personal API tokens (create, list, revoke)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import services
from .forms import TokenForm
from .models import ApiToken


@login_required
def token_list(request):
    """List my tokens; a POST creates one and shows its secret once, on this response only."""
    form = TokenForm(request.POST or None)
    created = secret = None
    if request.method == "POST" and form.is_valid():
        created, secret = services.create_token(
            user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
        )
        form = TokenForm()
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": ApiToken.objects.filter(user=request.user),
            "created": created,
            "secret": secret,
            "api_url": request.build_absolute_uri(reverse("api:convention-list")),
            "docs_url": reverse("api:docs"),
        },
    )
    if secret:
        response["Cache-Control"] = "no-store"
    return response


@login_required
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, user=request.user, pk=pk)
    if request.method == "POST":
        services.revoke_token(token=token)
        messages.success(
            request,
            _("Jeton « %(name)s » révoqué : il ne donne plus accès à rien.") % {"name": token.name},
        )
        return redirect("api_tokens:list")
    return render(request, "api/token_revoke.html", {"token": token})
