from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """50 rows a page by default; clients may ask for up to 500 with ?page_size=."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    page_query_description = "Which page of results, from 1. A page beyond the last is a 404."
    page_size_query_description = "Rows a page: 50 unless asked; at most 500."

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        properties = described["properties"]
        properties["count"]["description"] = "How many records match, over all pages."
        properties["next"]["description"] = "The next page's URL; null on the last page."
        properties["previous"]["description"] = "The previous page's URL; null on the first."
        properties["results"]["description"] = "This page's records."
        return described
