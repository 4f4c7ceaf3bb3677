"""The extension registry loads every listed module and orders what they register."""

from disputedesk.ui.extensions import (
    EXTENSION_MODULES,
    DisputeAction,
    Registry,
    Section,
    load_registry,
)


def test_every_listed_module_registers():
    registry = load_registry()
    assert len(EXTENSION_MODULES) >= 1
    keys = [a.key for a in registry.dispute_actions]
    assert "packet" in keys
    assert len(keys) == len(set(keys)), "two areas registered the same action key"
    assert all(callable(a.label) and a.label() for a in registry.dispute_actions)


def test_sorted_orders_by_order_then_key():
    reg = Registry()
    for key, order in (("b", 2), ("a", 2), ("c", 1)):
        reg.add_dispute_action(
            DisputeAction(key=key, label=lambda k=key: k, run=lambda *a: None, order=order)
        )
        reg.add_section(
            Section(key=key, label=lambda k=key: k, factory=lambda s, p: p, order=order)
        )
    ordered = reg.sorted()
    assert [a.key for a in ordered.dispute_actions] == ["c", "a", "b"]
    assert [s.key for s in ordered.sections] == ["c", "a", "b"]


def test_events_bus_is_one_object(qtbot):
    from disputedesk.ui.events import data_events

    seen = []
    data_events().changed.connect(lambda kind, ident: seen.append((kind, ident)))
    assert data_events() is data_events()
    data_events().changed.emit("customer", 3)
    assert seen == [("customer", 3)]
