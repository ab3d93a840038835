"""default_card_changed: billing publishes the card that pays now, so the
workspace can show its brand and last four."""


def card_events(tap):
    return [(e["data"]["brand"], e["data"]["last_four"]) for e in tap.drain() if e["type"] == "default_card_changed"]


def test_the_default_card_is_published_as_it_changes(call, alice, workspace_id, with_card, event_tap):
    tap = event_tap("billing")
    visa = with_card()
    assert card_events(tap) == [("visa", "4242")]
    master = with_card("pm_card_mastercard")
    assert card_events(tap) == [("mastercard", "4444")]
    with_card("pm_card_amex", is_default=False)  # not the default: nothing changes
    assert card_events(tap) == []
    call("delete_card", workspace_id, visa["id"], caller=alice)  # not the default either
    assert card_events(tap) == []
    call("delete_card", workspace_id, master["id"], caller=alice)  # the newest remaining card takes over
    assert card_events(tap) == [("amex", "8431")]
    [amex] = call("list_cards", workspace_id, caller=alice)["items"]
    call("delete_card", workspace_id, amex["id"], caller=alice)
    [event] = [e for e in tap.drain() if e["type"] == "default_card_changed"]
    assert event["data"] == {"workspace_id": workspace_id, "card_id": None, "brand": None, "last_four": None,
                             "exp_month": None, "exp_year": None}


def test_a_card_event_carries_the_card(call, alice, workspace_id, with_card, event_tap):
    tap = event_tap("billing")
    card = with_card()
    [event] = [e for e in tap.drain() if e["type"] == "default_card_changed"]
    assert event["data"]["card_id"] == card["id"]
    assert (event["data"]["exp_month"], event["data"]["exp_year"]) == (card["exp_month"], card["exp_year"])
