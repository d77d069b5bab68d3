-- Each measure may set the least and most plausible value of its data and targets; NULL means
-- its unit's range (tracker.models.UNIT_RANGES), so a value such as 1e308 days is refused.
ALTER TABLE measure ADD COLUMN min_value DOUBLE;
ALTER TABLE measure ADD COLUMN max_value DOUBLE;
