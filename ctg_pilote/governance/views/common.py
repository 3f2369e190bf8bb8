"""Helpers shared by the governance views."""

from django.shortcuts import render

from ctg_pilote.conventions import perms as core_perms

from .. import perms

SECTIONS = {
    "index": "index",
    "demarche": "demarche",
    "phase_edit": "demarche",
    "phase_create": "demarche",
    "key_date_create": "demarche",
    "key_date_edit": "demarche",
    "decisions": "decisions",
    "agenda": "agenda",
    "partners": "partners",
    "partner": "partners",
    "partner_profile": "partners",
    "network": "network",
    "schemes": "schemes",
    "scheme_create": "schemes",
    "scheme_edit": "schemes",
    "votes": "votes",
    "vote": "votes",
    "vote_create": "votes",
    "vote_ballots": "votes",
    "personal_data": "personal_data",
}


def page(request, convention, template, **context):
    """Render a governance page with what the CTG header and the sub-navigation need."""
    user = request.user
    context.update(
        convention=convention,
        can_edit=core_perms.can_edit(user, convention),
        can_manage=perms.can_manage_governance(user, convention),
        can_view_people=perms.can_view_people(user, convention),
    )
    url_name = request.resolver_match.url_name if request.resolver_match else ""
    context.setdefault("section", SECTIONS.get(url_name, "instances"))
    return render(request, template, context)


def form_values(form) -> tuple[dict, dict]:
    """A ModelForm's cleaned fields for a service: (model field -> value, many-to-many -> objects)."""
    many = {f.name for f in form._meta.model._meta.many_to_many}
    values, relations = {}, {}
    for name in form._meta.fields:
        if name in form.cleaned_data:
            (relations if name in many else values)[name] = form.cleaned_data[name]
    return values, relations
