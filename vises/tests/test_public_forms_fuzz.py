"""Every public form takes whatever a visitor sends without breaking (issue 8): hypothesis
fills each form from its own fields (`from_form`), and the answers go to the real page. None
may be a server error; each is the page again with the errors shown, the next page, or the
friendly 429, and what a visitor typed is stored only without NUL characters. Examples per
form: a few in `make test` on a developer's machine, 1 000 in CI, 10 000 in `make fuzz`
(the hypothesis profiles in vises/conftest.py). Each example runs in its own transaction."""

from __future__ import annotations

from typing import Any

from django import forms
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase, from_form

from vises.cafes.forms.signup import SignupForm
from vises.cafes.links.feedback import feedback_link, friend_link
from vises.cafes.links.registrations import registration_link
from vises.cafes.models import Cafe, Registration
from vises.cafes.tests.factories import CafeFactory, RegistrationFactory
from vises.cafes.views.feedback import FeedbackForm, FriendForm
from vises.cafes.views.registrations import LanguageForm
from vises.companies.forms import InterestForm
from vises.people.forms.referral import ReferralForm
from vises.people.forms.self_service import ConcernForm, NewLinkForm
from vises.people.models import ConsentPurpose, Person
from vises.people.services.links import person_link
from vises.people.tests.factories import ConsentTextFactory, PersonFactory

ANSWERS = {200, 302, 429}
FUZZ = settings(suppress_health_check=list(HealthCheck))


def post_data(form: forms.Form) -> dict[str, Any]:
    """What a browser would send for the form hypothesis filled: unchecked boxes left out."""
    sent: dict[str, Any] = {}
    for name, value in form.data.items():
        if value is None or value is False:
            continue
        sent[name] = "on" if value is True else value
    return sent


class PublicFormsTakeAnything(TestCase):
    def setUp(self) -> None:
        self.settings_override = self.settings(VISES_RATE_LIMITS=False)
        self.settings_override.enable()
        self.cafe = CafeFactory.create(capacity=5)
        ConsentTextFactory.create(
            partnership=self.cafe.partnership, purpose=ConsentPurpose.REGISTER
        )
        self.person = PersonFactory.create(partnership=self.cafe.partnership, email="a@example.org")
        self.registration = RegistrationFactory.create(cafe=self.cafe, person=self.person)
        Cafe.objects.filter(pk=self.cafe.pk).update(status=Cafe.Status.HELD)
        self.cafe.refresh_from_db()

    def tearDown(self) -> None:
        self.settings_override.disable()

    def answer(self, url: str, form: forms.Form) -> None:
        response = Client().post(url, post_data(form))
        self.assertIn(response.status_code, ANSWERS, f"{url} answered {response.status_code}")
        for first_name in Person.objects.values_list("first_name", flat=True):
            self.assertNotIn("\x00", first_name)

    @FUZZ
    @given(from_form(SignupForm))
    def test_the_cafe_sign_up(self, form: forms.Form) -> None:
        open_cafe = CafeFactory.create(company=self.cafe.company, capacity=3)
        self.answer(f"/cafes/{open_cafe.pk}/signup/", form)

    @FUZZ
    @given(from_form(InterestForm))
    def test_the_host_a_cafe_form(self, form: forms.Form) -> None:
        self.answer(f"/host/{self.cafe.partnership.slug}/", form)

    @FUZZ
    @given(st.data())
    def test_the_municipal_referral_form(self, data: st.DataObject) -> None:
        from vises.people.services.referrals import referral_texts

        partnership = self.cafe.partnership
        texts = referral_texts(partnership=partnership)
        form = data.draw(
            from_form(ReferralForm, form_kwargs={"partnership": partnership, "texts": texts})
        )
        self.answer(f"/refer/{partnership.slug}/", form)

    @FUZZ
    @given(from_form(NewLinkForm))
    def test_the_new_link_request(self, form: forms.Form) -> None:
        self.answer("/me/", form)

    @FUZZ
    @given(from_form(ConcernForm))  # type: ignore[arg-type]  # a ModelForm is a form
    def test_the_concern_form(self, form: forms.Form) -> None:
        self.answer(f"{person_link(person=self.person)}concern/", form)

    @FUZZ
    @given(from_form(LanguageForm))
    def test_the_registration_language(self, form: forms.Form) -> None:
        self.answer(f"{registration_link(self.registration)}language/", form)

    @FUZZ
    @given(from_form(FeedbackForm))
    def test_the_feedback_after_a_cafe(self, form: forms.Form) -> None:
        self.answer(feedback_link(self.registration), form)

    @FUZZ
    @given(from_form(FriendForm))
    def test_the_employee_language_friend_form(self, form: forms.Form) -> None:
        self.answer(friend_link(self.cafe), form)

    @FUZZ
    @given(st.sampled_from(["first_name", "last_name", "phone", "email", "occupation"]), st.data())
    def test_the_persons_own_corrections(self, field: str, data: st.DataObject) -> None:
        from vises.people.forms.self_service import PersonFieldForm

        form = data.draw(
            from_form(PersonFieldForm, form_kwargs={"person": self.person, "field_name": field})
        )
        self.answer(f"{person_link(person=self.person)}change/{field}/", form)
        self.assertEqual(Registration.objects.filter(pk=self.registration.pk).count(), 1)
