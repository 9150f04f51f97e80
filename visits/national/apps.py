from django.apps import AppConfig


class NationalConfig(AppConfig):
    """Every English authority and the official statistics published about them (Ofsted's
    outcomes, DfE's statistical neighbours): reference data loaded by administrators, read by all."""

    name = "visits.national"
    label = "national"
    verbose_name = "National reference data"
    # Every role reads it (the national picture's pages); only administrators load or change it
    # (sefton_tracker.core.roles).
    officer_permissions = ()
