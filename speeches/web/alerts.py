"""Alerts by email, as a reader meets them: subscribing from a search or a listing, confirming,
managing an address's alerts, unsubscribing in one click. (Being built: issue 29.)"""
from django.http import Http404


def subscribe(request):
    raise Http404("Alerts are not open yet.")


def confirm(request, token):
    raise Http404("Alerts are not open yet.")


def manage(request, token):
    raise Http404("Alerts are not open yet.")


def unsubscribe(request, token):
    raise Http404("Alerts are not open yet.")
