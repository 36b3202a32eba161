"""Filter backends for the API (base floor: no app imports)."""

from rest_framework import exceptions, filters


class SearchFilter(filters.SearchFilter):
    """REST framework's search, whose refusals name the parameter like any field error.

    REST framework validates `?search=` with a bare CharField, so a NUL character in it was
    refused with a bare list (`["Null characters are not allowed."]`), outside the error
    answers the schema documents; here it is `{"search": ["Null characters are not allowed."]}`.
    """

    def get_search_terms(self, request):
        try:
            return super().get_search_terms(request)
        except exceptions.ValidationError as error:
            raise exceptions.ValidationError({self.search_param: error.detail}) from error
