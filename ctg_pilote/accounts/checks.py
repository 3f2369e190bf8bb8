"""Configuration checked at start (`ctg check`): a mistyped proxy address would make every
visitor share the proxy's address, and its limits."""

import ipaddress

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def trusted_proxies_are_addresses(app_configs, **kwargs):
    errors = []
    for proxy in settings.CTG_TRUSTED_PROXIES:
        if proxy == "*":
            continue
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            errors.append(
                checks.Error(
                    f"FORWARDED_ALLOW_IPS contient « {proxy} », qui n'est ni une adresse IP ni "
                    "un réseau (10.0.0.2, 10.0.0.0/24, ::1).",
                    id="accounts.E001",
                )
            )
    return errors
