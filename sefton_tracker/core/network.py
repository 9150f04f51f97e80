"""The address a request came from, read through the proxies the deployment trusts.

Behind a load balancer every connection comes from the balancer, so REMOTE_ADDR names it, not the
person signing in. Each trusted proxy appends the address it saw to X-Forwarded-For; with
TRUSTED_PROXY_COUNT = N the client is the address N entries from the right. Entries further left
were sent by the client itself and prove nothing, so they are never used. With N = 0 (the default,
for a server that clients reach directly) X-Forwarded-For is ignored.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the entry of X-Forwarded-For that the
    TRUSTED_PROXY_COUNT-th proxy from the app appended. REMOTE_ADDR when the header has fewer
    entries than there are trusted proxies or that entry is not an IP address."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-proxies]))
    except ValueError:
        return remote
