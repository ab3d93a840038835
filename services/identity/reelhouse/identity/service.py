"""nameko entrypoints of the identity service (contract: docs/contracts.md).

Each entrypoint validates its input, runs one plain function inside one
transaction (the change and its events commit together) and returns.
"""

from contextlib import contextmanager

from nameko.rpc import rpc

# Imported as a module: `nameko run` starts every service class it finds here.
from reelhouse.shared import service as base
from reelhouse.shared.context import CallContext
from reelhouse.shared.db import Database
from reelhouse.shared.errors import Unauthenticated
from reelhouse.shared.events import reliable_event_handler
from reelhouse.shared.mail import Mailer
from reelhouse.shared.pagination import page_from
from reelhouse.shared.validation import load

from . import accounts, bots, departments, person_imports, persons, projections, recovery, sessions, two_factor
from . import persons_more_rpc as persons_more  # day offs, bots, change-password, invite
from .models import Base
from .schemas import (
    CreateAdminSchema,
    DepartmentFiltersSchema,
    DepartmentSchema,
    ForgotPasswordSchema,
    LoginSchema,
    OrganisationSchema,
    PersonFiltersSchema,
    PersonSchema,
    ResetPasswordSchema,
    SecondFactorSchema,
    TokenSchema,
    UpdateUserSchema,
    UserFiltersSchema,
)
from .users import require_admin, require_user_id


class IdentityService(persons_more.PersonsMoreRpc, base.ServiceBase):
    name = "identity"

    db = Database(Base)
    context = CallContext()
    mailer = Mailer()

    # -- accounts ---------------------------------------------------------

    @rpc
    def register(self, payload):
        data = accounts.registration_data(self.context.caller, payload)
        with self.db.transaction() as tx:
            registration = accounts.register(tx, data)
        # Mailed after commit: never a token for a user that was rolled back.
        accounts.send_activation_mail(self.mailer, registration)
        return registration.result()

    @rpc
    def activate(self, token, password=None):
        with self.db.transaction() as tx:
            return accounts.activate(tx, token, password)

    @rpc
    def get_user(self, user_id):
        with self.db.session() as session:
            return accounts.get_user(session, self.context.caller, user_id)

    @rpc
    def update_user(self, user_id, payload):
        data = load(UpdateUserSchema, payload)
        with self.db.transaction() as tx:
            record, mail = recovery.update_user(tx, self.context.caller, user_id, data)
        if mail:  # after commit: never a token that was rolled back
            mail.send(self.mailer)
        return record

    @rpc
    def forgot_password(self, payload):
        data = load(ForgotPasswordSchema, payload)
        with self.db.transaction() as tx:
            mail = recovery.forgot_password(tx, data["email"])
        if mail:
            mail.send(self.mailer)
        return {"sent": True}  # the same answer for unknown addresses

    @rpc
    def reset_password(self, payload):
        data = load(ResetPasswordSchema, payload)
        with self.db.transaction() as tx:
            return recovery.reset_password(tx, data["token"], data["password"])

    @rpc
    def confirm_email(self, payload):
        data = load(TokenSchema, payload)
        with self.db.transaction() as tx:
            return recovery.confirm_email(tx, data["token"])

    @rpc
    def cancel_account(self, user_id):
        with self.db.transaction() as tx:
            return accounts.cancel_account(tx, self.context.caller, user_id)

    @rpc
    def list_users(self, filters=None, page=None, limit=None):
        data = load(UserFiltersSchema, filters or {})
        with self.db.session() as session:
            return accounts.list_users(session, self.context.caller, data, page_from(page, limit))

    @rpc
    def list_user_workspaces(self, user_ids: list) -> dict:
        with self.db.session() as session:
            return accounts.workspaces_of_users(session, self.context.caller, user_ids)

    # -- sessions ---------------------------------------------------------

    @rpc
    def login(self, payload):
        data = load(LoginSchema, payload)
        with self._second_factor_transaction() as tx:
            return sessions.login(tx, data)

    @rpc
    def refresh(self, refresh_token):
        with self.db.transaction() as tx:
            tokens = sessions.refresh(tx, refresh_token)
        if tokens is None:  # refused once the session's revocation is committed
            raise Unauthenticated("This refresh token was already used; the session is revoked.",
                                  {"reason": "token_reused"})
        return tokens

    @rpc
    def logout(self):
        with self.db.transaction() as tx:
            return sessions.logout(tx, self.context.caller)

    @rpc
    def get_public_keys(self):
        with self.db.transaction() as tx:
            return sessions.get_public_keys(tx)

    @rpc
    def list_revocations(self):
        with self.db.session() as session:
            revocations = sessions.list_revocations(session)
            revocations["sessions"].update(bots.revoked_tokens(session))  # bot tokens outlive 15 minutes
            return revocations

    # -- Zou persons ------------------------------------------------------

    @rpc
    def create_person(self, payload):
        data = load(PersonSchema, payload)
        with self.db.transaction() as tx:
            return persons.create_person(tx, self.context.caller, data)

    @rpc
    def import_persons(self, rows, update_existing=False):
        """A CSV import's rows (see person_imports): all written, or none."""
        with self.db.transaction() as tx:
            return person_imports.import_persons(tx, self.context.caller, rows, update_existing)

    @rpc
    def update_person(self, user_id, payload):
        data = load(PersonSchema, payload, partial=True)
        with self.db.transaction() as tx:
            return bots.update_person(tx, self.context.caller, user_id, data)

    @rpc
    def delete_person(self, user_id):
        with self.db.transaction() as tx:
            return bots.delete_person(tx, self.context.caller, user_id)

    @rpc
    def list_persons(self, filters=None, page=None, limit=None):
        data = load(PersonFiltersSchema, filters or {})
        with self.db.session() as session:
            return persons.list_persons(session, self.context.caller, data, page_from(page, limit))

    @rpc
    def create_admin(self, payload):
        # Over RPC only an admin (or a service) may; the first admin comes
        # from the create-admin command, which writes to the database itself.
        require_admin(self.context.caller)
        data = load(CreateAdminSchema, payload)
        with self.db.transaction() as tx:
            return persons.create_admin(tx, data)

    # -- two-factor authentication (the caller's own, but admin_disable) ----

    @rpc
    def pre_enable_totp(self):
        with self.db.transaction() as tx:
            return two_factor.pre_enable_totp(tx, self._own_id())

    @rpc
    def enable_totp(self, payload):
        data = load(SecondFactorSchema, payload)
        with self.db.transaction() as tx:
            return two_factor.enable_totp(tx, self._own_id(), data.get("totp"))

    @rpc
    def disable_totp(self, payload):
        proof = two_factor.Proof.of(load(SecondFactorSchema, payload))
        with self._second_factor_transaction() as tx:
            return two_factor.disable_totp(tx, self._own_id(), proof)

    @rpc
    def send_email_otp(self, email):
        """A login code for a person with e-mail OTP; the same answer for anyone else."""
        with self.db.transaction() as tx:
            mail = two_factor.send_login_code(tx, email)
        if mail:
            mail.send(self.mailer)
        return {"success": True}

    @rpc
    def pre_enable_email_otp(self):
        with self.db.transaction() as tx:
            mail = two_factor.pre_enable_email_otp(tx, self._own_id())
        mail.send(self.mailer)
        return {"success": True}

    @rpc
    def enable_email_otp(self, payload):
        data = load(SecondFactorSchema, payload)
        with self.db.transaction() as tx:
            return two_factor.enable_email_otp(tx, self._own_id(), data.get("email_otp"))

    @rpc
    def disable_email_otp(self, payload):
        proof = two_factor.Proof.of(load(SecondFactorSchema, payload))
        with self._second_factor_transaction() as tx:
            return two_factor.disable_email_otp(tx, self._own_id(), proof)

    @rpc
    def renew_recovery_codes(self, payload):
        proof = two_factor.Proof.of(load(SecondFactorSchema, payload))
        with self._second_factor_transaction() as tx:
            return two_factor.renew_recovery_codes(tx, self._own_id(), proof)

    @rpc
    def disable_two_factor(self, user_id):
        with self.db.transaction() as tx:
            return two_factor.admin_disable(tx, self.context.caller, user_id)

    def _own_id(self):
        return require_user_id(self.context.caller)

    @contextmanager
    def _second_factor_transaction(self):
        """A transaction that checks a second factor: a wrong one rolls it back,
        then is counted in a transaction of its own (two_factor.record_failure)."""
        try:
            with self.db.transaction() as tx:
                yield tx
        except Unauthenticated as error:
            failed_user_id = getattr(error, "failed_user_id", None)
            if failed_user_id is not None:
                with self.db.transaction() as tx:
                    two_factor.record_failure(tx, failed_user_id)
            raise

    # -- Zou departments and organisation ----------------------------------

    @rpc
    def list_departments(self, filters=None, page=None, limit=None):
        data = load(DepartmentFiltersSchema, filters or {})
        with self.db.session() as session:
            return departments.list_departments(session, self.context.caller, data, page_from(page, limit))

    @rpc
    def get_department(self, department_id):
        with self.db.session() as session:
            return departments.get_department(session, self.context.caller, department_id)

    @rpc
    def create_department(self, payload):
        data = load(DepartmentSchema, payload)
        return self.db.write(departments.create_department, self.context.caller, data)

    @rpc
    def update_department(self, department_id, payload):
        data = load(DepartmentSchema, payload, partial=True)
        with self.db.transaction() as tx:
            return departments.update_department(tx, self.context.caller, department_id, data)

    @rpc
    def delete_department(self, department_id):
        with self.db.transaction() as tx:
            return departments.delete_department(tx, self.context.caller, department_id)

    @rpc
    def add_person_to_department(self, user_id, department_id):
        with self.db.transaction() as tx:
            return departments.add_person_to_department(tx, self.context.caller, user_id, department_id)

    @rpc
    def remove_person_from_department(self, user_id, department_id):
        with self.db.transaction() as tx:
            return departments.remove_person_from_department(tx, self.context.caller, user_id, department_id)

    @rpc
    def list_organisations(self):
        # A transaction: the workspace's organisation is made on first read.
        with self.db.transaction() as tx:
            return departments.list_organisations(tx, self.context.caller)

    @rpc
    def get_organisation(self, organisation_id):
        with self.db.transaction() as tx:
            return departments.get_organisation(tx, self.context.caller, organisation_id)

    @rpc
    def update_organisation(self, organisation_id, payload):
        data = load(OrganisationSchema, payload)
        with self.db.transaction() as tx:
            return departments.update_organisation(tx, self.context.caller, organisation_id, data)

    # -- workspace events -------------------------------------------------

    @reliable_event_handler("workspace", "member_added")
    def on_member_added(self, envelope):
        self.db.run_once(envelope, projections.apply_member_added)

    @reliable_event_handler("workspace", "member_role_changed")
    def on_member_role_changed(self, envelope):
        self.db.run_once(envelope, projections.apply_member_role_changed)

    @reliable_event_handler("workspace", "member_removed")
    def on_member_removed(self, envelope):
        self.db.run_once(envelope, projections.apply_member_removed)

    @reliable_event_handler("workspace", "workspace_created")
    def on_workspace_created(self, envelope):
        self.db.run_once(envelope, projections.apply_workspace_created)
