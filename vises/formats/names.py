"""The names of days and months, as Django's date formats ask for them (django.utils.dates).

Django ships no Somali or Tigrinya catalogue, so without these a café's date on a Somali or
Tigrinya page would read in Swedish, the default. Listing the message ids here keeps them in
our catalogues (`make messages`), where so and ti translate them; the other languages leave
them empty and Django's own translations apply.
"""

from django.utils.translation import gettext_noop

WEEKDAYS = [
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
]
MONTHS = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]
