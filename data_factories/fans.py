"""Factories of people: fans (with a login), staff accounts and the audit log entries about them.

A fan comes with an ``app_user`` so that it can log in through ``POST /v1/auth/token`` with its
e-mail as user name. The clear-text password stays on the returned model for the test to use;
it is registered with the masking module so that no log, report or attachment ever shows it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from data_factories.base import RowFactory
from data_factories.declarations import namespace, slug
from data_factories.models import AppUser, AuditEvent, Fan, Row
from data_factories.passwords import hash_password, new_password
from support.clients.masking import register_secret


class AppUserFactory(RowFactory[AppUser]):
    """A login account; ``role="ops"`` by default (admin, ops, fan, analyst)."""

    class Meta:
        model = AppUser

    _extra_fields = ("password",)

    username = factory.Sequence(lambda n: f"ops{n}.{namespace()}")
    password = factory.LazyFunction(new_password)
    password_hash = factory.LazyAttribute(lambda o: hash_password(o.password))
    role = "ops"
    fan_id = None

    @classmethod
    def _after_insert(cls, model: Row, extras: dict[str, Any]) -> Row:
        assert isinstance(model, AppUser)
        register_secret(extras.get("password"))
        model.password = extras.get("password")
        return model


class FanFactory(RowFactory[Fan]):
    """A fan whose e-mail carries the namespace: ``maya.lopez-3.jt-1a2b3c4d@example.test``.

    ``login=False`` skips the account; the ``erased`` trait is a fan after GDPR erasure.
    """

    class Meta:
        model = Fan

    class Params:
        erased = factory.Trait(
            email=None, first_name=None, last_name=None, phone=None, login=False,
            erased_at=factory.LazyFunction(lambda: dt.datetime.now(dt.UTC)),
        )

    _extra_fields = ("password", "login")

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttributeSequence(
        lambda o, n: f"{slug(o.first_name or 'fan')}.{slug(o.last_name or 'x')}-{n}.{namespace()}@example.test")
    phone = factory.Faker("numerify", text="+1-555-###-####")
    attributes = factory.LazyFunction(dict)
    erased_at = None
    password = factory.LazyFunction(new_password)
    login = True

    @classmethod
    def _after_insert(cls, model: Row, extras: dict[str, Any]) -> Row:
        assert isinstance(model, Fan)
        if extras.get("login", True) and model.email:
            user = AppUserFactory.create(username=model.email, password=extras["password"], role="fan", fan_id=model.id)
            model.username, model.password = user.username, user.password
        return model


class AuditEventFactory(RowFactory[AuditEvent]):
    """A successful sign-in entry of the platform's audit log, filed under the run's namespace like the
    entries the platform writes about the run's requests (their request id starts with it)."""

    class Meta:
        model = AuditEvent

    request_id = factory.Sequence(lambda n: f"{namespace()}-seed-{n}")
    actor_user_id = None
    actor_name = None
    actor_role = None
    action = "SIGN_IN"
    outcome = "SUCCESS"
    target_type = None
    target_id = None
    fan_id = None
    detail = factory.LazyFunction(dict)
