"""Every write to supplies. `grep -r "def [a-z_]*_[a-z]*(" supplies/services` lists them."""

from supplies.services.catalogue import item_create, item_resolve, normalise
from supplies.services.direct import direct_shipment_create
from supplies.services.donations import donation_cancel, donation_pledge, donation_receive, offer_pledge
from supplies.services.expiry import lot_write_off
from supplies.services.households import household_shipment_create
from supplies.services.plans import plan_approve, plan_discard, plan_edit, plan_propose
from supplies.services.purchases import purchase_record
from supplies.services.shipments import shipment_deliver, shipment_dispatch, shipment_fail
from supplies.services.sites import site_create, site_need_confirm, site_need_set
from supplies.services.stock import stock_count_record, warehouse_create

__all__ = [
    "direct_shipment_create",
    "donation_cancel",
    "donation_pledge",
    "donation_receive",
    "household_shipment_create",
    "item_create",
    "item_resolve",
    "lot_write_off",
    "normalise",
    "offer_pledge",
    "plan_approve",
    "plan_discard",
    "plan_edit",
    "plan_propose",
    "purchase_record",
    "shipment_deliver",
    "shipment_dispatch",
    "shipment_fail",
    "site_create",
    "site_need_confirm",
    "site_need_set",
    "stock_count_record",
    "warehouse_create",
]
