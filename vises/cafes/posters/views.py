"""The coordinator's poster page at /p/<slug>/cafes/posters/ (Perm.OPERATE): the form, and
the PDF it asks for (a GET: making a document changes nothing)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from vises.cafes.posters import documents
from vises.cafes.posters.forms import PosterForm
from vises.cafes.posters.selectors import cafe_in_partnership
from vises.cafes.posters.texts import untranslated
from vises.common.pdf import pdf_from_html
from vises.partnerships.access import PartnershipRequest, Perm, partnership_view


def _untranslated_languages() -> list[str]:
    """The names of the poster languages whose catalogue lacks some of the poster's text."""
    names = []
    for code, name in documents.poster_languages():
        with translation.override(code):
            missing = untranslated()
        if missing:
            names.append(name)
    return names


def _render_form(request: PartnershipRequest, form: PosterForm, status: int = 200) -> HttpResponse:
    context = {"form": form, "untranslated": _untranslated_languages()}
    return render(request, "cafes/posters/form.html", context, status=status)


@partnership_view(Perm.OPERATE)
def posters(request: PartnershipRequest) -> HttpResponse:
    cafe_id = request.GET.get("cafe", "")
    # Another partnership's café is not found, as everywhere (DESIGN §2).
    if cafe_id.isdigit() and not cafe_in_partnership(
        partnership=request.partnership, cafe_id=int(cafe_id)
    ):
        raise Http404
    if "paper" not in request.GET:
        form = PosterForm(initial={"cafe": cafe_id}, partnership=request.partnership)
        if cafe_id.isdigit() and not form.offers_cafe(int(cafe_id)):
            messages.warning(
                request, _("That café is over or cancelled. You can make a general poster.")
            )
        return _render_form(request, form)
    form = PosterForm(request.GET, partnership=request.partnership)
    if not form.is_valid():
        return _render_form(request, form, status=400)
    cafe = form.cleaned_data["cafe"]
    paper = form.cleaned_data["paper"]
    html = documents.poster_html(
        partnership=request.partnership,
        cafe=cafe,
        paper=paper,
        languages=form.cleaned_data["languages"],
    )
    response = HttpResponse(pdf_from_html(html), content_type="application/pdf")
    filename = documents.poster_filename(cafe=cafe, paper=paper)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
