"""Supplies: catalogue, sites and their needs, donations, stock, plans and shipments."""

from supplies.models.catalogue import MAX_QTY, Category, Item, Unit
from supplies.models.donations import Donation, DonationLine, Donor
from supplies.models.plans import AllocationPlan, PlanLine
from supplies.models.purchases import Purchase
from supplies.models.shipments import Shipment, ShipmentLine
from supplies.models.sites import Site, SiteNeed
from supplies.models.stock import StockCount, StockCountLine, StockLot, StockMove, Warehouse

__all__ = [
    "AllocationPlan",
    "Category",
    "Donation",
    "DonationLine",
    "Donor",
    "Item",
    "MAX_QTY",
    "PlanLine",
    "Purchase",
    "Shipment",
    "ShipmentLine",
    "Site",
    "SiteNeed",
    "StockCount",
    "StockCountLine",
    "StockLot",
    "StockMove",
    "Unit",
    "Warehouse",
]
