"""Pages of results: `?page=2&taille=100`; a page larger than the maximum is refused."""

from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

MAX_PAGE_SIZE = 500


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 50
    page_query_param = "page"
    page_size_query_param = "taille"
    max_page_size = MAX_PAGE_SIZE
    invalid_page_message = _("Page « {page_number} » introuvable : {message}")

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError as error:
            raise ValidationError(
                {self.page_size_query_param: [_("La taille de page doit être un nombre entier.")]}
            ) from error
        if size < 1 or size > self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("La taille de page doit être comprise entre 1 et %(max)d.")
                        % {"max": self.max_page_size}
                    ]
                }
            )
        return size

    def get_paginated_response(self, data):
        return Response(
            {
                "total": self.page.paginator.count,
                "page": self.page.number,
                "pages": self.page.paginator.num_pages,
                "suivante": self.get_next_link(),
                "precedente": self.get_previous_link(),
                "resultats": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["total", "page", "pages", "resultats"],
            "properties": {
                "total": {"type": "integer", "example": 123},
                "page": {"type": "integer", "example": 1},
                "pages": {"type": "integer", "example": 3},
                "suivante": {"type": "string", "nullable": True, "format": "uri"},
                "precedente": {"type": "string", "nullable": True, "format": "uri"},
                "resultats": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": str(_("Numéro de page, à partir de 1.")),
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": str(
                    _("Résultats par page (%(default)d par défaut, %(max)d au plus).")
                    % {"default": self.page_size, "max": self.max_page_size}
                ),
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
