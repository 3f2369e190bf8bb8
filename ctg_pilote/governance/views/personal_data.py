"""A person's request about their data (RGPD): export it as JSON, or erase it."""

import json

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ctg_pilote.conventions.access import convention_view

from .. import perms, services
from ..forms import PersonForm
from .common import page


@convention_view(perms.can_handle_personal_data)
def person(request, convention):
    form = PersonForm(request.POST or None, convention=convention)
    if request.method == "POST" and form.is_valid():
        contact = form.cleaned_data["contact"]
        if request.POST.get("action") == "effacer":
            if request.POST.get("confirm") != "oui":
                form.add_error(
                    None, _("Cochez la confirmation : l'effacement ne peut pas être annulé.")
                )
            else:
                with transaction.atomic():
                    services.erase_person(contact=contact)
                messages.success(
                    request,
                    _(
                        "Les données de la personne sont effacées ; sa participation aux "
                        "instances et aux réunions est gardée sans son identité."
                    ),
                )
                return redirect("governance:personal_data", convention.slug)
        else:
            data = services.person_data(contact=contact)
            response = HttpResponse(
                json.dumps(data, ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            name = slugify(f"{contact.first_name} {contact.last_name}") or f"contact-{contact.pk}"
            response["Content-Disposition"] = f'attachment; filename="donnees-{name}.json"'
            return response
    return page(request, convention, "governance/personal_data.html", form=form)
