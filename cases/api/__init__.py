"""The JSON API (DRF): thin views over `cases.services`, scoped and masked by `cases.access`."""
