"""The floor: a bare Django view rendering the base template through the whole middleware
stack, so each page's cost can be read against what any page costs on this machine."""

from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def floor(request):
    return render(request, "base.html")
