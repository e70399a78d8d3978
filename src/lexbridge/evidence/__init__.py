"""Evidence a foreign court can verify: a content-addressed store, a signed chain of custody per
item, hand-over bundles between authorities, CASE/UCO export and import, admissibility reports,
and the weight of attribution evidence through anonymity networks."""
