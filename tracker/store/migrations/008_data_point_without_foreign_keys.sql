-- data_point loses its two foreign keys: the write engine (the only writer) already refuses a
-- measure code that does not exist, naming it, and tags rows only with the batch it has just
-- created, and no measure or batch is ever deleted. The keys were a second guard that doubled
-- the cost of inserting a million values (issue 15). DuckDB cannot drop a constraint, so the
-- table is rebuilt with the same columns, checks and keys, and its rows copied across.
CREATE TABLE data_point_rebuilt (
    id              BIGINT PRIMARY KEY DEFAULT nextval('id_seq'),
    measure_id      INTEGER NOT NULL,
    period          DATE NOT NULL,
    value           DOUBLE,
    missing_reason  VARCHAR NOT NULL DEFAULT '',
    note            VARCHAR NOT NULL DEFAULT '',
    batch_id        INTEGER,
    recorded_at     TIMESTAMP NOT NULL,
    recorded_by     VARCHAR NOT NULL,
    superseded_at   TIMESTAMP,
    superseded_by   VARCHAR,
    is_current      BOOLEAN CHECK (is_current),
    CHECK (value IS NOT NULL OR missing_reason <> ''),
    CHECK ((is_current IS NULL) = (superseded_at IS NOT NULL)),
    UNIQUE (measure_id, period, is_current)
);
INSERT INTO data_point_rebuilt SELECT * FROM data_point;
DROP TABLE data_point;
ALTER TABLE data_point_rebuilt RENAME TO data_point;
