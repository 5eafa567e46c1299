"""Staff pages of a partnership: a start page per role, the agreement and the user
administration."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vises.accounts import services as account_services
from vises.common import panels
from vises.common.forms import add_service_errors
from vises.common.suppression import suppress_small
from vises.partnerships import agreements, selectors
from vises.partnerships import services as partnership_services
from vises.partnerships.access import PartnershipRequest, Perm, Role, partnership_view
from vises.partnerships.forms import AgreementExtendForm, AgreementTerminateForm
from vises.partnerships.models import Agreement, Membership, Partnership

START_TEMPLATES = {
    Role.COORDINATOR: "partnerships/start_operations.html",
    Role.MANAGER: "partnerships/start_operations.html",
    Role.MUNICIPAL: "partnerships/start_municipal.html",
    Role.VOLUNTEER: "partnerships/start_volunteer.html",
    Role.COMPANY: "partnerships/start_company.html",
    Role.ADMIN: "partnerships/start_admin.html",
}


@partnership_view(Perm.VIEW_START)
def start(request: PartnershipRequest) -> HttpResponse:
    """The start page of the member's role: this app's own facts, and the panels the other
    apps registered for the role (`start.<role>`, things to do under `todo.<role>`)."""
    role = request.membership.role
    partnership = selectors.partnership_parties(partnership=request.partnership)
    context: dict[str, object] = {
        "partnership": partnership,
        "panels": panels.for_slot(f"start.{role}", request),
        "todo": panels.for_slot(f"todo.{role}", request),
    }
    if role in (Role.COORDINATOR, Role.MANAGER):
        context["members"] = selectors.members_of_partnership(partnership=partnership)
    elif role == Role.MUNICIPAL:
        # People are counted for the municipality, so small cells are suppressed (DESIGN §6).
        counts = selectors.role_counts(partnership=partnership)
        context["role_counts"] = [
            (label, suppress_small(counts.get(value, 0))) for value, label in Role.choices
        ]
    elif role == Role.ADMIN:
        context["members"] = selectors.members_with_second_factor(partnership=partnership)
    return render(request, START_TEMPLATES[Role(role)], context)


@partnership_view(Perm.OPERATE)
def operations(request: PartnershipRequest) -> HttpResponse:
    """Where the day-to-day work is: the sections of the navigation, one link each."""
    return render(request, "partnerships/operations.html")


def landing(request: HttpRequest) -> HttpResponse:
    """The front page of a logged-in user: their partnership's start page, or a choice."""
    memberships = list(selectors.memberships_of_user(user=request.user))  # type: ignore[arg-type]
    if len(memberships) == 1:
        return redirect("partnership_start", slug=memberships[0].partnership.slug)
    return render(request, "common/choose_partnership.html", {"memberships": memberships})


@partnership_view(Perm.MANAGE_USERS)
def users(request: PartnershipRequest) -> HttpResponse:
    members = selectors.members_with_second_factor(partnership=request.partnership)
    return render(request, "partnerships/users.html", {"members": members})


def _member_or_404(request: PartnershipRequest, user_id: int) -> Membership:
    try:
        return selectors.member_by_user_id(partnership=request.partnership, user_id=user_id)
    except Membership.DoesNotExist as error:
        raise Http404 from error


def _refuse_if_managed_elsewhere(request: PartnershipRequest, member: Membership) -> bool:
    """An account with roles in other partnerships is not this partnership's admin's to change."""
    if member.managed_here:  # type: ignore[attr-defined]
        return False
    messages.error(
        request,
        _(
            "%(user)s also works in another partnership or administers the installation. "
            "Only the installation's technical administrator can change this account."
        )
        % {"user": member.user},
    )
    return True


@partnership_view(Perm.MANAGE_USERS)
@require_POST
def user_deactivate(request: PartnershipRequest, user_id: int) -> HttpResponse:
    member = _member_or_404(request, user_id)
    if member.user_id == request.user.pk:
        messages.error(request, _("You cannot deactivate your own account."))
    elif not _refuse_if_managed_elsewhere(request, member):
        account_services.user_deactivate(
            user=member.user, partnership=request.partnership, actor=request.user
        )
        messages.success(
            request, _("%(user)s is deactivated and logged out everywhere.") % {"user": member.user}
        )
    return redirect("partnership_users", slug=request.partnership.slug)


@partnership_view(Perm.MANAGE_USERS)
@require_POST
def user_second_factor_reset(request: PartnershipRequest, user_id: int) -> HttpResponse:
    member = _member_or_404(request, user_id)
    if not _refuse_if_managed_elsewhere(request, member):
        account_services.second_factor_reset(
            user=member.user, partnership=request.partnership, actor=request.user
        )
        messages.success(
            request,
            _(
                "The second factor of %(user)s is removed. "
                "They set up a new one at their next login."
            )
            % {"user": member.user},
        )
    return redirect("partnership_users", slug=request.partnership.slug)


def partnership_choose(request: HttpRequest, *, url_name: str, template: str) -> HttpResponse:
    """A public form's entry (/host/, /refer/): straight to the form of the only partnership
    (`url_name` takes its slug), or `template` listing the partnerships to choose from."""
    partnerships = list(Partnership.objects.order_by("name"))
    if len(partnerships) == 1:
        return redirect(url_name, slug=partnerships[0].slug)
    return render(request, template, {"partnerships": partnerships})


# The agreement ---------------------------------------------------------------------------------


def _agreement_page(
    request: PartnershipRequest,
    *,
    extend_form: AgreementExtendForm | None = None,
    terminate_form: AgreementTerminateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    agreement = agreements.agreement_of(partnership=request.partnership)
    context: dict[str, object] = {
        "partnership": selectors.partnership_parties(partnership=request.partnership),
        "agreement": agreement,
    }
    if agreement is not None:
        may_decide = request.membership.allows(Perm.APPROVE_ECONOMY)
        left = agreements.extensions_left(agreement)
        context.update(
            {
                "periods": agreements.periods(agreement),
                "ends_on": agreements.ends_on(agreement),
                "extensions_left": left,
                "covered_years": agreements.covered_years(agreement),
                # A refused form is shown with its errors even when no option remains.
                "extend_form": extend_form
                or (AgreementExtendForm() if may_decide and left else None),
                "terminate_form": terminate_form
                or (
                    AgreementTerminateForm()
                    if may_decide and agreement.terminated_on is None
                    else None
                ),
                "panels": panels.for_slot("partnerships.agreement", request, agreement),
            }
        )
    return render(request, "partnerships/agreement.html", context, status=status)


def _agreement_or_404(request: PartnershipRequest) -> Agreement:
    agreement = agreements.agreement_of(partnership=request.partnership)
    if agreement is None:
        raise Http404
    return agreement


@partnership_view(Perm.VIEW_STATISTICS)
def agreement(request: PartnershipRequest) -> HttpResponse:
    """The agreement's whole history: parties, signing, periods, extensions, termination,
    and the budget of each year it covers (panels of the economy app)."""
    return _agreement_page(request)


@partnership_view(Perm.APPROVE_ECONOMY)
@require_POST
def agreement_extend(request: PartnershipRequest) -> HttpResponse:
    found = _agreement_or_404(request)
    form = AgreementExtendForm(request.POST)
    if form.is_valid():
        try:
            extension = partnership_services.agreement_extend(
                agreement=found,
                decided_on=form.cleaned_data["decided_on"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The agreement is extended to %(date)s.") % {"date": extension.ends_on},
            )
            return redirect("partnership_agreement", slug=request.partnership.slug)
    return _agreement_page(request, extend_form=form, status=400)


@partnership_view(Perm.APPROVE_ECONOMY)
@require_POST
def agreement_terminate(request: PartnershipRequest) -> HttpResponse:
    found = _agreement_or_404(request)
    form = AgreementTerminateForm(request.POST)
    if form.is_valid():
        try:
            terminated = partnership_services.agreement_terminate(
                agreement=found,
                terminated_on=form.cleaned_data["terminated_on"],
                reason=form.cleaned_data["termination_reason"],
                settlement_note=form.cleaned_data["settlement_note"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The agreement is terminated; it was in force up to and including %(date)s.")
                % {"date": terminated.terminated_on},
            )
            return redirect("partnership_agreement", slug=request.partnership.slug)
    return _agreement_page(request, terminate_form=form, status=400)
