"""A local HTTP fake of the Stripe endpoints billing uses, for tests only.

The real ``stripe`` SDK talks to it over HTTP (``STRIPE_API_BASE``), so the
tests exercise the SDK's encoding, headers, idempotency keys and error
mapping. It keeps its objects in memory, honours ``Idempotency-Key`` (a repeated
key answers the first response, as Stripe does) and records every request.
Webhooks are signed here exactly as Stripe signs them (``t=…,v1=…``).

Endpoints: customers (create, update), setup intents (create), payment methods
(attach, detach), payment intents (create, confirmed off-session), subscriptions
(create, retrieve, update, cancel). Test payment methods follow Stripe's names:
``pm_card_visa``, ``pm_card_mastercard``, ``pm_card_amex``; charges to
``pm_card_visa_chargeDeclined`` are declined.
"""

import hashlib
import hmac
import json
import re
import threading
import time
import uuid

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

API_KEY = "sk_test_reelhouse_fake"
WEBHOOK_SECRET = "whsec_reelhouse_fake_secret"
PRICES = {"starter": "price_starter_monthly", "pro": "price_pro_monthly"}
TEST_CARDS = {
    "pm_card_visa": ("visa", "4242", False),
    "pm_card_mastercard": ("mastercard", "4444", False),
    "pm_card_amex": ("amex", "8431", False),
    "pm_card_visa_chargeDeclined": ("visa", "0341", True),
}
PERIOD_SECONDS = 30 * 24 * 3600


def sign(payload: str, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """A ``Stripe-Signature`` header: HMAC-SHA256 of ``"{t}.{payload}"`` with the endpoint secret."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def event_payload(event_type: str, data_object: dict, event_id: str | None = None) -> str:
    return json.dumps({"id": event_id or f"evt_{uuid.uuid4().hex[:24]}", "object": "event",
                       "api_version": "2026-10-28.endive", "created": int(time.time()), "type": event_type,
                       "livemode": False, "pending_webhooks": 1, "request": {"id": None, "idempotency_key": None},
                       "data": {"object": data_object}})


def nested(form) -> dict:
    """Stripe's form encoding (``items[0][price]=…``) back into objects and lists."""
    result = {}
    for key, value in form.items(multi=True):
        parts = re.findall(r"[^\[\]]+", key)
        target = result
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
    return _lists(result)


def _lists(value):
    if isinstance(value, dict):
        if value and all(k.isdigit() for k in value):
            return [_lists(value[k]) for k in sorted(value, key=int)]
        return {k: _lists(v) for k, v in value.items()}
    return value


class StripeError(Exception):
    def __init__(self, status, error_type, message, code=None, param=None, **extra):
        super().__init__(message)
        self.status = status
        self.body = {"error": {"type": error_type, "message": message, "code": code, "param": param, **extra}}


def missing(kind, object_id, param=None):
    return StripeError(404, "invalid_request_error", f"No such {kind}: '{object_id}'", "resource_missing", param)


def declined(**extra):
    return StripeError(402, "card_error", "Your card was declined.", "card_declined",
                       decline_code="generic_decline", **extra)


class StripeFake:
    def __init__(self, api_key=API_KEY):
        self.api_key = api_key
        self.customers, self.payment_methods, self.subscriptions = {}, {}, {}
        self.setup_intents, self.payment_intents = {}, {}
        self.requests = []  # (method, path, params, idempotency_key)
        self._replies = {}
        self._lock = threading.Lock()
        self._server = None
        self.url = None

    # -- serving ---------------------------------------------------------------------------

    def start(self):
        self._server = make_server("127.0.0.1", 0, self.wsgi, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def wsgi(self, environ, start_response):
        request = Request(environ)
        status, body = self.answer(request)
        return Response(json.dumps(body), status=status, mimetype="application/json")(environ, start_response)

    def answer(self, request):
        if request.headers.get("Authorization") != f"Bearer {self.api_key}":
            return 401, {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided."}}
        params = nested(request.form) if request.method == "POST" else nested(request.args)
        key = request.headers.get("Idempotency-Key")
        with self._lock:
            self.requests.append((request.method, request.path, params, key))
            if key and (request.method, request.path, key) in self._replies:
                return self._replies[(request.method, request.path, key)]
            try:
                reply = 200, self.route(request.method, request.path, params)
            except StripeError as error:
                reply = error.status, error.body
            if key and request.method == "POST":
                self._replies[(request.method, request.path, key)] = reply
            return reply

    def calls(self, method, path_pattern):
        """The recorded requests matching ``method`` and a regular expression of the path."""
        return [r for r in self.requests if r[0] == method and re.fullmatch(path_pattern, r[1])]

    # -- the API -------------------------------------------------------------------------------

    def route(self, method, path, params):
        routes = [
            ("POST", r"/v1/customers", lambda: self.create_customer(params)),
            ("POST", r"/v1/customers/(?P<id>[^/]+)", lambda id: self.update_customer(id, params)),
            ("POST", r"/v1/setup_intents", lambda: self.create_setup_intent(params)),
            ("POST", r"/v1/payment_methods/(?P<id>[^/]+)/attach", lambda id: self.attach(id, params)),
            ("POST", r"/v1/payment_methods/(?P<id>[^/]+)/detach", lambda id: self.detach(id)),
            ("POST", r"/v1/payment_intents", lambda: self.create_payment_intent(params)),
            ("POST", r"/v1/subscriptions", lambda: self.create_subscription(params)),
            ("GET", r"/v1/subscriptions/(?P<id>[^/]+)", lambda id: self.subscription(id)),
            ("POST", r"/v1/subscriptions/(?P<id>[^/]+)", lambda id: self.update_subscription(id, params)),
            ("DELETE", r"/v1/subscriptions/(?P<id>[^/]+)", lambda id: self.cancel_subscription(id)),
        ]
        for route_method, pattern, handler in routes:
            match = re.fullmatch(pattern, path)
            if match and route_method == method:
                return handler(**match.groupdict())
        raise StripeError(404, "invalid_request_error", f"Unrecognized request URL ({method}: {path}).")

    @staticmethod
    def new_id(prefix):
        return f"{prefix}_{uuid.uuid4().hex[:24]}"

    def _customer(self, customer_id, param="customer"):
        if customer_id not in self.customers:
            raise missing("customer", customer_id, param)
        return self.customers[customer_id]

    def create_customer(self, params):
        customer = {"id": self.new_id("cus"), "object": "customer", "metadata": params.get("metadata", {}),
                    "invoice_settings": {"default_payment_method": None}, "created": int(time.time())}
        self.customers[customer["id"]] = customer
        return customer

    def update_customer(self, customer_id, params):
        customer = self._customer(customer_id, "id")
        default = (params.get("invoice_settings") or {}).get("default_payment_method")
        if default is not None:
            if default and self.payment_methods.get(default, {}).get("customer") != customer_id:
                raise missing("payment_method", default, "invoice_settings[default_payment_method]")
            customer["invoice_settings"]["default_payment_method"] = default or None
        return customer

    def create_setup_intent(self, params):
        self._customer(params.get("customer"))
        intent_id = self.new_id("seti")
        intent = {"id": intent_id, "object": "setup_intent", "customer": params["customer"],
                  "client_secret": f"{intent_id}_secret_{uuid.uuid4().hex[:16]}", "status": "requires_payment_method",
                  "usage": params.get("usage", "off_session")}
        self.setup_intents[intent_id] = intent
        return intent

    def attach(self, payment_method_id, params):
        customer_id = params.get("customer")
        self._customer(customer_id)
        if payment_method_id in TEST_CARDS:  # a test token: a new payment method each time, as at Stripe
            brand, last4, declines = TEST_CARDS[payment_method_id]
            method = {"id": self.new_id("pm"), "object": "payment_method", "type": "card", "customer": None,
                      "card": {"brand": brand, "last4": last4, "exp_month": 12, "exp_year": 2030},
                      "declines": declines}
            self.payment_methods[method["id"]] = method
        elif payment_method_id in self.payment_methods:
            method = self.payment_methods[payment_method_id]
            if method["customer"] not in (None, customer_id):
                raise StripeError(400, "invalid_request_error", "The payment method is attached to another customer.",
                                  "payment_method_unexpected_state", "payment_method")
        else:
            raise missing("PaymentMethod", payment_method_id, "payment_method")
        method["customer"] = customer_id
        return self._public(method)

    @staticmethod
    def _public(method):
        return {k: v for k, v in method.items() if k != "declines"}

    def detach(self, payment_method_id):
        method = self.payment_methods.get(payment_method_id)
        if method is None or method["customer"] is None:
            raise missing("PaymentMethod", payment_method_id, "payment_method")
        method["customer"] = None
        return self._public(method)

    def _method_of(self, customer_id, payment_method_id, param):
        method = self.payment_methods.get(payment_method_id)
        if method is None or method["customer"] != customer_id:
            raise missing("PaymentMethod", payment_method_id, param)
        return method

    def create_payment_intent(self, params):
        self._customer(params.get("customer"))
        method = self._method_of(params["customer"], params.get("payment_method"), "payment_method")
        intent = {"id": self.new_id("pi"), "object": "payment_intent", "amount": int(params["amount"]),
                  "currency": params["currency"], "customer": params["customer"], "payment_method": method["id"],
                  "metadata": params.get("metadata", {}), "description": params.get("description"),
                  "status": "requires_payment_method" if method["declines"] else "succeeded"}
        self.payment_intents[intent["id"]] = intent
        if method["declines"]:
            raise declined(payment_intent=intent)
        return intent

    def create_subscription(self, params):
        self._customer(params.get("customer"))
        method = self._method_of(params["customer"], params.get("default_payment_method"), "default_payment_method")
        if method["declines"]:
            raise declined()
        now = int(time.time())
        subscription = {
            "id": self.new_id("sub"), "object": "subscription", "customer": params["customer"], "status": "active",
            "cancel_at_period_end": False, "canceled_at": None, "metadata": params.get("metadata", {}),
            "default_payment_method": method["id"],
            "items": {"object": "list", "data": [
                {"id": self.new_id("si"), "object": "subscription_item", "price": {"id": item["price"]},
                 "current_period_start": now, "current_period_end": now + PERIOD_SECONDS}
                for item in params.get("items", [])]},
        }
        self.subscriptions[subscription["id"]] = subscription
        return subscription

    def subscription(self, subscription_id):
        if subscription_id not in self.subscriptions:
            raise missing("subscription", subscription_id, "id")
        return self.subscriptions[subscription_id]

    def update_subscription(self, subscription_id, params):
        subscription = self.subscription(subscription_id)
        if subscription["status"] == "canceled":
            raise StripeError(400, "invalid_request_error", "A canceled subscription can only update its metadata.")
        for change in params.get("items", []):
            item = next((i for i in subscription["items"]["data"] if i["id"] == change.get("id")), None)
            if item is None:
                raise missing("subscription item", change.get("id"), "items")
            item["price"] = {"id": change["price"]}
        if "cancel_at_period_end" in params:
            subscription["cancel_at_period_end"] = params["cancel_at_period_end"] == "true"
        subscription["metadata"].update(params.get("metadata", {}))
        return subscription

    def cancel_subscription(self, subscription_id):
        subscription = self.subscription(subscription_id)
        subscription.update(status="canceled", canceled_at=int(time.time()), cancel_at_period_end=False)
        return subscription


@pytest.fixture
def stripe_fake():
    fake = StripeFake().start()
    yield fake
    fake.stop()


@pytest.fixture
def stripe_settings(stripe_fake):
    """Billing configured for the stripe provider, pointed at the fake."""
    return {"PAYMENT_PROVIDER": "stripe", "STRIPE_API_KEY": API_KEY, "STRIPE_API_BASE": stripe_fake.url,
            "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "STRIPE_PRICE_IDS": ",".join(f"{plan}={price}" for plan, price in PRICES.items())}
