"""How a view shows a service's refusal: the one way from a `ValidationError` raised by a
service to what the user reads, beside the field it concerns or as a message on the page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put the service's errors on the form: beside the fields they name (a service names
    its own parameters, which are the form's fields), and above the form the rest (a field
    the form does not have, or an error of no field)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def error_texts(error: ValidationError) -> list[str]:
    """Every message of the error, as text (fields flattened)."""
    return [str(message) for message in error.messages]


def flash_errors(request: HttpRequest, error: ValidationError) -> None:
    """Every message of the error as an error message on the next page."""
    for message in error_texts(error):
        messages.error(request, message)
