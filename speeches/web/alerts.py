"""Alerts by email, as a reader meets them: subscribing from a search or a listing, confirming,
managing an address's alerts, unsubscribing in one click.

Every page past the form is reached by a signed link from a mail (``speeches.alerts.links``): the
link is the only proof that its reader holds the address, so these pages show the address and its
alerts to no one else, are never cached, and are kept out of search engines' indexes.
"""
from django import forms
from django.contrib import messages
from django.core.exceptions import TooManyFieldsSent
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from speeches.alerts import links, subscribing
from speeches.limits import rate_limited_response, subscribe_email_wait, subscribe_wait
from speeches.models import Alert, one_mailbox

from speeches.search import DocumentSearchForm

MOST_QUERY_STRING_CHARACTERS = 4000  # what the hidden field may carry; an alert keeps at most 2,000 of it, canonical
# A quoted local part ("a,b"@example.org) is valid but is how addresses smuggle in separators: no one needs it here.
ADDRESS_PUNCTUATION = set('"(),:;<>[\\]')
MOST_ADDRESS_CHARACTERS = 254  # what Subscriber.email holds, and RFC 5321 allows
# Names no mailbox on the internet has (RFC 6761, RFC 6762; "localdomain" by custom): "name@localhost",
# which Django's check lets through, is a mailbox of the archive's own machine.
RESERVED_TOP_LEVEL_DOMAINS = {"localhost", "localdomain", "local", "test", "invalid"}


class SubscribeForm(forms.Form):
    email = forms.EmailField(max_length=MOST_ADDRESS_CHARACTERS, label="Your email address")
    frequency = forms.ChoiceField(choices=Alert.Frequency.choices, initial=Alert.Frequency.IMMEDIATE,
                                  label="How often")
    query = forms.CharField(required=False, max_length=MOST_QUERY_STRING_CHARACTERS)

    def clean_email(self):
        """Return the address as mail is sent to it (``subscribing.address_as_mailed``)."""
        email = self.cleaned_data["email"]
        # An encoded word (=?utf-8?q?bob?=@example.org) is decoded when the mail is sent: to bob@, or to
        # an address with the punctuation refused here.
        if ADDRESS_PUNCTUATION & set(email) or "=?" in email:
            raise forms.ValidationError("Enter an address such as name@example.org, without quotes or brackets.")
        try:
            address = subscribing.address_as_mailed(email)
        except UnicodeError:
            raise forms.ValidationError("Enter an address whose domain is a valid name.") from None
        if address.rpartition("@")[2].rstrip(".").rpartition(".")[2] in RESERVED_TOP_LEVEL_DOMAINS:
            raise forms.ValidationError("Enter an address on the internet: this domain is reserved for a "
                                        "local network or for tests.")
        if not address.rpartition("@")[0].isascii():  # Django's check lets "İ" through (its lower case is "i̇")
            raise forms.ValidationError("Enter an address whose part before the @ is written in unaccented Latin "
                                        "letters, digits and punctuation.")
        if len(address) > MOST_ADDRESS_CHARACTERS:  # an IDNA domain is longer than the one typed
            raise forms.ValidationError(f"Enter an address of at most {MOST_ADDRESS_CHARACTERS} characters "
                                        "as mail writes it.")
        return address

    def clean_query(self):
        return search_to_follow(self.cleaned_data["query"])


def search_to_follow(query_string):
    """Return the ``SearchCriteria`` of ``query_string``; raise ``ValidationError`` for a search the
    search page would refuse, or one that asks for nothing."""
    try:
        search_form = DocumentSearchForm(QueryDict(query_string))
    except TooManyFieldsSent:
        raise forms.ValidationError("This search has too many parts to follow.") from None
    if not search_form.is_valid():
        raise forms.ValidationError([f"{field}: {error}" if field != "__all__" else error
                                     for field, errors in search_form.errors.items() for error in errors])
    criteria = search_form.criteria()
    try:
        subscribing.check_followable(criteria)
    except subscribing.Unfollowable as refusal:
        raise forms.ValidationError(str(refusal)) from None
    return criteria


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    """The form for an alert on the search the query string (GET) or its hidden field (POST) holds."""
    if request.method != "POST":
        if not request.GET:  # no search yet: what alerts are, and where to start
            return render(request, "speeches/alerts/subscribe.html", {"form": None})
        try:
            criteria = search_to_follow(request.GET.urlencode())
        except forms.ValidationError as refusal:
            return subscribe_page(request, SubscribeForm(), None, refusal.messages)
        return subscribe_page(request, SubscribeForm(initial={"frequency": Alert.Frequency.IMMEDIATE}), criteria)
    if (wait := subscribe_wait(request)) is not None:
        return rate_limited_response(request, wait, what="requests for alerts")
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        criteria = form.cleaned_data.get("query")
        return subscribe_page(request, form, criteria, form.errors.get("query"))
    email, criteria = form.cleaned_data["email"], form.cleaned_data["query"]
    # Over the address's budget, the reader is told the same as always, and nothing is sent.
    if subscribe_email_wait(request, one_mailbox(email)) is None:
        subscribing.subscribe(email, criteria, form.cleaned_data["frequency"])
    return render(request, "speeches/alerts/subscribe_sent.html", {
        "description": subscribing.describe(criteria), "search_query": subscribing.canonical_query(criteria),
    })


def subscribe_page(request, form, criteria, search_errors=None):
    """Render the form for ``criteria`` (the search described, its canonical query in the hidden
    field); 400 with the search's errors, or the form's."""
    if criteria is None:  # the search is refused: say why, and offer it back to change
        raw_query = form.data.get("query", "") if form.is_bound else request.GET.urlencode()
        return render(request, "speeches/alerts/subscribe.html", {
            "form": form, "search_errors": search_errors or [], "raw_query": search_again(raw_query),
        }, status=400)
    query = subscribing.canonical_query(criteria)
    return render(request, "speeches/alerts/subscribe.html", {
        "form": form, "description": subscribing.describe(criteria), "search_query": query,
    }, status=400 if form.is_bound else 200)


def search_again(query_string):
    """Return ``query_string`` re-encoded to link back to the search page with, or "" if it is beyond reason."""
    try:
        return QueryDict(query_string).urlencode() if len(query_string) <= MOST_QUERY_STRING_CHARACTERS else ""
    except TooManyFieldsSent:
        return ""


def link_refused(request, refusal):
    """Answer a link that is no longer good: 404 if what it named is gone, else 400 (altered, expired)."""
    return render(request, "speeches/alerts/link_refused.html", {"detail": str(refusal)},
                  status=404 if isinstance(refusal, links.GoneLink) else 400)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """Ask for a press of a button (GET), and start the alert on it (POST): mail scanners open every
    link in a mail, and must not confirm an alert no one asked for."""
    try:
        alert = links.alert_to_confirm(token)
    except links.BadLink as refusal:
        return link_refused(request, refusal)
    started = request.method == "POST" and subscribing.confirm(alert)
    alert.refresh_from_db()
    return render(request, "speeches/alerts/confirm.html", {
        "alert": alert, "started": started, "manage_url": links.manage_path(alert.subscriber),
    })


class ManageForm(forms.Form):
    action = forms.ChoiceField(choices=[("frequency", "Change how often"), ("end", "End"), ("end-all", "End all")])
    alert = forms.IntegerField(required=False)
    frequency = forms.ChoiceField(required=False, choices=Alert.Frequency.choices)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    """An address's alerts: what each follows, how often, a link to its search; change or end them."""
    try:
        subscriber = links.subscriber_to_manage(token)
    except links.BadLink as refusal:
        return link_refused(request, refusal)
    status = 200
    if request.method == "POST":
        form = ManageForm(request.POST)
        alert = subscriber.alerts.filter(pk=form.cleaned_data["alert"]).first() if form.is_valid() else None
        action = form.cleaned_data["action"] if form.is_valid() else None
        if action == "end-all":
            subscribing.end_all(subscriber)
            return render(request, "speeches/alerts/ended.html", {"everything": True})
        if action == "end" and alert is not None:
            if subscribing.end(alert):
                return render(request, "speeches/alerts/ended.html", {"everything": True})
            messages.success(request, f"The alert on {alert.description} has ended.")
            return redirect(request.path)
        if action == "frequency" and alert is not None and form.cleaned_data["frequency"]:
            subscribing.change_frequency(alert, form.cleaned_data["frequency"])
            messages.success(request, f"The alert on {alert.description} now comes: "
                                      f"{Alert.Frequency(form.cleaned_data['frequency']).label.lower()}.")
            return redirect(request.path)
        messages.error(request, "That change could not be made: the alert may have ended already. Here are your alerts as they are now.")
        status = 400
    return render(request, "speeches/alerts/manage.html", {
        "subscriber": subscriber, "alerts": subscriber.alerts.all(), "frequencies": Alert.Frequency.choices,
    }, status=status)


# Mail clients post a one-click unsubscribe (RFC 8058: body "List-Unsubscribe=One-Click") with no
# CSRF token and no cookie; the signed token in the address is what authorises it.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """End one alert: a button (GET) and the ending (POST, from it or a mail client). Once ended, asked again, it says so."""
    try:
        alert = links.alert_to_unsubscribe(token)
    except links.GoneLink:
        return render(request, "speeches/alerts/unsubscribe.html", {"already_ended": True})
    except links.BadLink as refusal:
        return link_refused(request, refusal)
    if request.method != "POST":
        return render(request, "speeches/alerts/unsubscribe.html", {"alert": alert})
    address_gone = subscribing.end(alert)
    return render(request, "speeches/alerts/unsubscribe.html", {
        "alert": alert, "ended": True, "manage_url": None if address_gone else links.manage_path(alert.subscriber),
    })
