"""Import of people from Excel or CSV: upload → preview → confirm (or cancel).

The uploaded file waits under a random name kept in the session; it is deleted after the
confirmation, on cancel, on the next upload, or after 24 hours.
"""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from import_export.formats.base_formats import XLSX

from vises.partnerships.access import PartnershipRequest, Perm, partnership_view
from vises.people.resources import (
    HEADERS,
    ROLE_LANGUAGE_FRIEND,
    ROLE_PARTICIPANT,
    ROLE_VOLUNTEER,
    PersonResource,
)
from vises.people.services.imports import (
    KEEP_FOR,
    ImportFile,
    ImportPreview,
    ImportRejected,
    import_confirm,
    import_file_discard,
    import_file_store,
    import_preview,
)

SESSION_KEY = "people_import"

ROLE_CHOICES = [
    (ROLE_PARTICIPANT, gettext_lazy("Participants")),
    (ROLE_LANGUAGE_FRIEND, gettext_lazy("Language friends")),
    (ROLE_VOLUNTEER, gettext_lazy("Volunteers")),
]

# What each column means, for the upload page (field name: explanation).
COLUMN_HELP = {
    "roles": gettext_lazy("deltagare, språkvän or volontär (several separated by commas)"),
    "first_name": gettext_lazy("required"),
    "last_name": gettext_lazy("optional for participants"),
    "phone": gettext_lazy("mobile number, e.g. 070-123 45 67; phone or e-mail is required"),
    "phone_is_shared": gettext_lazy("ja if the family shares the phone"),
    "email": gettext_lazy("e-mail address"),
    "language": gettext_lazy("the language we write in: sv, en, ar, fa, so, ti or uk"),
    "gender": gettext_lazy("kvinna, man, annat or vill ej uppge"),
    "birth_year": gettext_lazy("four digits, e.g. 1987"),
    "resident_in_municipality": gettext_lazy("ja or nej"),
    "district": gettext_lazy("a district of the partnership, e.g. Skäggetorp"),
    "languages": gettext_lazy("ISO codes or Swedish names, separated by commas"),
    "swedish_level": gettext_lazy("ingen, nybörjare, mellan, avancerad or flytande"),
    "education_level": gettext_lazy("SUN code 1–7, or 9 when not known"),
    "years_in_sweden": gettext_lazy("a number of years, or “född i Sverige”"),
    "occupation": gettext_lazy("occupation or field, short text"),
    "interests": gettext_lazy("short text"),
    "availability": gettext_lazy("short text, e.g. weekday afternoons"),
    "work_status": gettext_lazy("arbetssökande, sfi, studerar, arbetar, föräldraledig or annat"),
    "referral_source": gettext_lazy("själv, kafé, kommunen, vän or annat"),
    "consent_register": gettext_lazy("ja if the person agreed that we keep their details"),
    "consent_messages": gettext_lazy("ja if the person agreed to messages"),
    "consent_matching": gettext_lazy("ja if the person agreed to matching"),
    "wants_language_friend": gettext_lazy("participants: ja or nej"),
    "same_gender": gettext_lazy("ja if the friend should be of the same gender"),
    "capacity": gettext_lazy("language friends: 1, 2 or 3 participants"),
}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("Excel (.xlsx) or CSV, with the column names in the first row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Rows without a role are"),
        choices=ROLE_CHOICES,
        initial=ROLE_PARTICIPANT,
        widget=forms.RadioSelect,
    )


def _waiting(request: PartnershipRequest) -> tuple[ImportFile, str] | None:
    """The file this user uploaded for this partnership, while it may still be used."""
    stored: dict[str, Any] | None = request.session.get(SESSION_KEY)
    if not stored:
        return None
    try:
        source = ImportFile(token=stored["token"], format=stored["format"])
    except (KeyError, ValueError):
        request.session.pop(SESSION_KEY, None)
        return None
    fresh = time.time() - float(stored.get("uploaded_at", 0)) < KEEP_FOR.total_seconds()
    if stored.get("partnership") != request.partnership.pk or not fresh or not source.exists():
        import_file_discard(source=source)
        request.session.pop(SESSION_KEY, None)
        return None
    return source, str(stored.get("role", ROLE_PARTICIPANT))


def _rows_html(preview: ImportPreview) -> SafeString:
    """The <tr> of every row. Built here, not in the template: Django's template engine
    needs about 3 seconds for 10 000 rows, format_html a tenth of that."""
    labels = {
        "row": _("Row"),
        "outcome": _("Outcome"),
        "name": _("Name"),
        "phone": _("Phone"),
        "email": _("E-mail"),
        "notes": _("Notes"),
    }
    statuses = {
        "new": format_html('<span class="status status--ok">{}</span>', _("New")),
        "duplicate": format_html(
            '<span class="status status--warn">{}</span>', _("Likely duplicate")
        ),
        "error": format_html('<span class="status status--warn">{}</span>', _("Error")),
    }
    cells = "".join(f'<td data-label="{{label_{key}}}">{{{key}}}</td>' for key in labels)
    pattern = '<tr data-row="{row}" data-outcome="{data_outcome}">' + cells + "</tr>\n"
    label_values = {f"label_{key}": label for key, label in labels.items()}
    lines = []
    for row in preview.rows:
        outcome = row.outcome
        notes: str
        if outcome == "error":
            notes = format_html(
                '<ul class="errorlist">{}</ul>',
                format_html_join(
                    "",
                    "<li>{}{}</li>",
                    (
                        (f"{problem.column}: " if problem.column else "", problem.message)
                        for problem in row.errors
                    ),
                ),
            )
        else:
            notes = "; ".join(row.match_lines)
        lines.append(
            format_html(
                pattern,
                row=row.number,
                data_outcome=outcome,
                outcome=statuses[outcome],
                name=row.name,
                phone=row.written.get("phone", ""),
                email=row.written.get("email", ""),
                notes=notes,
                **label_values,
            )
        )
    return format_html_join("", "{}", ((line,) for line in lines))


def _preview_page(
    request: PartnershipRequest, result: ImportPreview, role: str, *, rejected: bool = False
) -> HttpResponse:
    return render(
        request,
        "people/imports/preview.html",
        {
            "preview": result,
            "rows_html": _rows_html(result),
            "role_label": dict(ROLE_CHOICES)[role],
            "rejected": rejected,
        },
    )


def _forget(request: PartnershipRequest, source: ImportFile) -> None:
    import_file_discard(source=source)
    request.session.pop(SESSION_KEY, None)


@partnership_view(Perm.OPERATE)
@require_http_methods(["GET", "POST"])
def upload(request: PartnershipRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        waiting = _waiting(request)
        if waiting is not None:
            _forget(request, waiting[0])
        try:
            source = import_file_store(uploaded=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            request.session[SESSION_KEY] = {
                "token": source.token,
                "format": source.format,
                "role": form.cleaned_data["role"],
                "partnership": request.partnership.pk,
                "uploaded_at": time.time(),
            }
            return redirect("people_import_preview", slug=request.partnership.slug)
    columns = [(swedish, others, COLUMN_HELP[name]) for name, (swedish, others) in HEADERS.items()]
    return render(
        request,
        "people/imports/upload.html",
        {"form": form, "columns": columns, "waiting": _waiting(request) is not None},
    )


@partnership_view(Perm.OPERATE)
@require_GET
def preview(request: PartnershipRequest) -> HttpResponse:
    waiting = _waiting(request)
    if waiting is None:
        messages.info(request, _("Upload a file to import."))
        return redirect("people_import", slug=request.partnership.slug)
    source, role = waiting
    result = import_preview(
        partnership=request.partnership, source=source, default_role=role, actor=request.user
    )
    return _preview_page(request, result, role)


@partnership_view(Perm.OPERATE)
@require_POST
def confirm(request: PartnershipRequest) -> HttpResponse:
    waiting = _waiting(request)
    if waiting is None:
        messages.error(request, _("The uploaded file is gone (after 24 hours). Upload it again."))
        return redirect("people_import", slug=request.partnership.slug)
    source, role = waiting
    chosen = {
        int(key.removeprefix("row-"))
        for key, value in request.POST.items()
        if key.startswith("row-") and key[4:].isdigit() and value == "new"
    }
    try:
        result = import_confirm(
            partnership=request.partnership,
            source=source,
            default_role=role,
            import_duplicates=chosen,
            actor=request.user,  # type: ignore[arg-type]  # partnership_view: logged in
        )
    except ImportRejected as rejected:
        return _preview_page(request, rejected.preview, role, rejected=True)
    finally:
        # Imported or refused, the file has served: a corrected file is uploaded anew.
        _forget(request, source)
    messages.success(
        request,
        ngettext(
            "%(count)s person was imported.", "%(count)s persons were imported.", result.created
        )
        % {"count": result.created},
    )
    if result.skipped:
        messages.info(
            request,
            ngettext(
                "%(count)s likely duplicate was skipped.",
                "%(count)s likely duplicates were skipped.",
                result.skipped,
            )
            % {"count": result.skipped},
        )
    return redirect("people_list", slug=request.partnership.slug)


@partnership_view(Perm.OPERATE)
@require_POST
def cancel(request: PartnershipRequest) -> HttpResponse:
    waiting = _waiting(request)
    if waiting is not None:
        _forget(request, waiting[0])
    messages.info(request, _("The import was cancelled and the file deleted."))
    return redirect("people_import", slug=request.partnership.slug)


@partnership_view(Perm.OPERATE)
@require_GET
def template(request: PartnershipRequest) -> HttpResponse:
    """An empty Excel file with the column headers, to fill in."""
    dataset = PersonResource().export([])
    response = HttpResponse(XLSX().export_data(dataset), content_type=XLSX.CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="vises-import.xlsx"'
    return response
