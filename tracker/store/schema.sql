-- The tracker's schema: every table, key and rule, readable top to bottom.
-- Versioned tables (data_point, target, milestone_version, check_in) never overwrite: a change
-- closes the current row (superseded_at, is_current NULL) and adds a new one. `is_current` is
-- TRUE or NULL so that UNIQUE(..., is_current) allows one current row and any number of old ones.
-- Every timestamp is UTC.

CREATE TABLE schema_version (
    version     INTEGER PRIMARY KEY,
    name        VARCHAR NOT NULL,
    applied_at  TIMESTAMP NOT NULL
);

CREATE SEQUENCE id_seq START 1;

CREATE TABLE programme (
    id           INTEGER PRIMARY KEY DEFAULT nextval('id_seq'),
    code         VARCHAR NOT NULL UNIQUE,
    name         VARCHAR NOT NULL,
    description  VARCHAR NOT NULL DEFAULT '',
    sro          VARCHAR NOT NULL
);

CREATE TABLE initiative (
    id                 INTEGER PRIMARY KEY DEFAULT nextval('id_seq'),
    code               VARCHAR NOT NULL UNIQUE,
    programme_id       INTEGER NOT NULL REFERENCES programme (id),
    name               VARCHAR NOT NULL,
    aim                VARCHAR NOT NULL,
    lead               VARCHAR NOT NULL,
    sponsor            VARCHAR NOT NULL,
    theme              VARCHAR NOT NULL,
    organisation       VARCHAR NOT NULL,
    start_date         DATE NOT NULL,
    planned_end        DATE NOT NULL,
    status             VARCHAR NOT NULL CHECK (status IN ('proposed', 'active', 'paused', 'closed')),
    checkin_frequency  VARCHAR NOT NULL CHECK (checkin_frequency IN ('weekly', 'monthly', 'quarterly')),
    CHECK (planned_end >= start_date)
);

CREATE TABLE measure (
    id               INTEGER PRIMARY KEY DEFAULT nextval('id_seq'),
    code             VARCHAR NOT NULL UNIQUE,
    initiative_id    INTEGER NOT NULL REFERENCES initiative (id),
    name             VARCHAR NOT NULL,
    definition       VARCHAR NOT NULL,
    type             VARCHAR NOT NULL CHECK (type IN ('outcome', 'process', 'balancing')),
    unit             VARCHAR NOT NULL CHECK (unit IN ('%', 'count', 'days', 'minutes', 'rate per 1,000', '£')),
    direction        VARCHAR NOT NULL CHECK (direction IN ('increase', 'decrease', 'neither')),
    frequency        VARCHAR NOT NULL CHECK (frequency IN ('weekly', 'monthly', 'quarterly')),
    decimals         INTEGER NOT NULL CHECK (decimals BETWEEN 0 AND 6),
    data_source      VARCHAR NOT NULL,
    owner            VARCHAR NOT NULL,
    update_lag_days  INTEGER NOT NULL CHECK (update_lag_days BETWEEN 0 AND 366),
    -- The least and most plausible value; NULL means the unit's range (models.UNIT_RANGES).
    min_value        DOUBLE,
    max_value        DOUBLE
);

CREATE TABLE goal (
    id               INTEGER PRIMARY KEY DEFAULT nextval('id_seq'),
    code             VARCHAR NOT NULL UNIQUE,
    initiative_id    INTEGER NOT NULL REFERENCES initiative (id),
    statement        VARCHAR NOT NULL,
    measure_id       INTEGER NOT NULL REFERENCES measure (id),
    baseline_value   DOUBLE NOT NULL,
    baseline_period  DATE NOT NULL,
    target_value     DOUBLE NOT NULL,
    target_date      DATE NOT NULL,
    -- Explicit per-period points as JSON [{"period": "2026-04-01", "value": 77.0}]; [] = linear.
    trajectory       JSON NOT NULL DEFAULT '[]',
    CHECK (target_date > baseline_period)
);

CREATE TABLE annotation (
    id          INTEGER PRIMARY KEY DEFAULT nextval('id_seq'),
    measure_id  INTEGER NOT NULL REFERENCES measure (id),
    date        DATE NOT NULL,
    kind        VARCHAR NOT NULL CHECK (kind IN ('recalculation', 'baseline', 'intervention', 'note')),
    label       VARCHAR NOT NULL,
    reason      VARCHAR NOT NULL DEFAULT '',
    CHECK (kind <> 'recalculation' OR reason <> '')
);

-- A bulk import, so that it can be listed and reverted as a whole.
CREATE TABLE import_batch (
    id          INTEGER PRIMARY KEY DEFAULT nextval('id_seq'),
    kind        VARCHAR NOT NULL CHECK (kind IN ('datapoints', 'milestones', 'targets', 'revert')),
    source      VARCHAR NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    created_by  VARCHAR NOT NULL,
    added       INTEGER NOT NULL,
    changed     INTEGER NOT NULL,
    reverts     INTEGER REFERENCES import_batch (id)
);

CREATE TABLE data_point (
    id              BIGINT PRIMARY KEY DEFAULT nextval('id_seq'),
    measure_id      INTEGER NOT NULL REFERENCES measure (id),
    period          DATE NOT NULL,
    value           DOUBLE,
    missing_reason  VARCHAR NOT NULL DEFAULT '',
    note            VARCHAR NOT NULL DEFAULT '',
    batch_id        INTEGER REFERENCES import_batch (id),
    recorded_at     TIMESTAMP NOT NULL,
    recorded_by     VARCHAR NOT NULL,
    superseded_at   TIMESTAMP,
    superseded_by   VARCHAR,
    is_current      BOOLEAN CHECK (is_current),
    CHECK (value IS NOT NULL OR missing_reason <> ''),
    CHECK ((is_current IS NULL) = (superseded_at IS NOT NULL)),
    UNIQUE (measure_id, period, is_current)
);

CREATE TABLE target (
    id              INTEGER PRIMARY KEY DEFAULT nextval('id_seq'),
    measure_id      INTEGER NOT NULL REFERENCES measure (id),
    value           DOUBLE NOT NULL,
    effective_from  DATE NOT NULL,
    effective_to    DATE,
    reason          VARCHAR NOT NULL,
    set_by          VARCHAR NOT NULL,
    batch_id        INTEGER REFERENCES import_batch (id),
    recorded_at     TIMESTAMP NOT NULL,
    recorded_by     VARCHAR NOT NULL,
    superseded_at   TIMESTAMP,
    superseded_by   VARCHAR,
    is_current      BOOLEAN CHECK (is_current),
    CHECK (effective_to IS NULL OR effective_to >= effective_from),
    CHECK ((is_current IS NULL) = (superseded_at IS NOT NULL)),
    UNIQUE (measure_id, effective_from, is_current)
);

-- A milestone's identity; its changing facts live in milestone_version.
CREATE TABLE milestone (
    id             INTEGER PRIMARY KEY DEFAULT nextval('id_seq'),
    code           VARCHAR NOT NULL UNIQUE,
    initiative_id  INTEGER NOT NULL REFERENCES initiative (id)
);

CREATE TABLE milestone_version (
    id              INTEGER PRIMARY KEY DEFAULT nextval('id_seq'),
    milestone_id    INTEGER NOT NULL REFERENCES milestone (id),
    title           VARCHAR NOT NULL,
    owner           VARCHAR NOT NULL,
    baseline_date   DATE NOT NULL,
    forecast_date   DATE NOT NULL,
    completed_date  DATE,
    status          VARCHAR NOT NULL CHECK (status IN ('not started', 'on track', 'at risk', 'late', 'complete')),
    change_reason   VARCHAR NOT NULL DEFAULT '',
    batch_id        INTEGER REFERENCES import_batch (id),
    recorded_at     TIMESTAMP NOT NULL,
    recorded_by     VARCHAR NOT NULL,
    superseded_at   TIMESTAMP,
    superseded_by   VARCHAR,
    is_current      BOOLEAN CHECK (is_current),
    CHECK ((status = 'complete') = (completed_date IS NOT NULL)),
    CHECK ((is_current IS NULL) = (superseded_at IS NOT NULL)),
    UNIQUE (milestone_id, is_current)
);

CREATE TABLE check_in (
    id              INTEGER PRIMARY KEY DEFAULT nextval('id_seq'),
    initiative_id   INTEGER NOT NULL REFERENCES initiative (id),
    period          DATE NOT NULL,
    rag             VARCHAR NOT NULL CHECK (rag IN ('red', 'amber', 'green')),
    confidence      INTEGER NOT NULL CHECK (confidence BETWEEN 1 AND 5),
    progress        VARCHAR NOT NULL DEFAULT '',
    risks           VARCHAR NOT NULL DEFAULT '',
    next_steps      VARCHAR NOT NULL DEFAULT '',
    asks            VARCHAR NOT NULL DEFAULT '',
    author          VARCHAR NOT NULL,
    recorded_at     TIMESTAMP NOT NULL,
    recorded_by     VARCHAR NOT NULL,
    superseded_at   TIMESTAMP,
    superseded_by   VARCHAR,
    is_current      BOOLEAN CHECK (is_current),
    -- Whom the check-in was written for, if not its author (the person signed in).
    on_behalf_of    VARCHAR DEFAULT '',
    CHECK ((is_current IS NULL) = (superseded_at IS NOT NULL)),
    UNIQUE (initiative_id, period, is_current)
);

-- Append-only: every create, update and delete, with the row before and after as JSON.
CREATE TABLE audit (
    id         BIGINT PRIMARY KEY DEFAULT nextval('id_seq'),
    happened_at  TIMESTAMP NOT NULL,
    who        VARCHAR NOT NULL,
    action     VARCHAR NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    entity     VARCHAR NOT NULL,
    entity_id  BIGINT NOT NULL,
    code       VARCHAR NOT NULL DEFAULT '',
    before     JSON,
    after      JSON
);

-- A published board pack: the period it reports, the cut-off it is frozen at, who published it
-- and how it was built (SPC preset, filters). The pack itself is never stored: it is rebuilt
-- from the store's as-of reads at `cut_off`, so it reads the same however often it is made.
CREATE TABLE board_pack (
    id          INTEGER PRIMARY KEY DEFAULT nextval('id_seq'),
    period      DATE NOT NULL CHECK (day(period) = 1),
    cut_off     TIMESTAMP NOT NULL,
    author      VARCHAR NOT NULL,
    preset      VARCHAR NOT NULL CHECK (preset IN ('mdc', 'nhsr')),
    -- Overview filters as a JSON object {"theme": "..."}; {} means the whole portfolio.
    filters     JSON NOT NULL DEFAULT '{}',
    created_at  TIMESTAMP NOT NULL,
    -- Marked public by an admin (TRACKER_PUBLIC=on shows it without sign-in); audited.
    is_public   BOOLEAN DEFAULT FALSE,
    CHECK (cut_off <= created_at)
);

-- People, known by the email they sign in with (lower-case); what each may do is in
-- access_grant. While no admin is granted, anyone has full rights (a one-person database).
CREATE TABLE person (
    id     INTEGER PRIMARY KEY DEFAULT nextval('id_seq'),
    email  VARCHAR NOT NULL UNIQUE CHECK (email = lower(email)),
    name   VARCHAR NOT NULL
);

-- A role a person holds, versioned: one per person and scope ('' every initiative, else one
-- initiative's code, for an editor only). Revoking closes the current row.
CREATE TABLE access_grant (
    id             INTEGER PRIMARY KEY DEFAULT nextval('id_seq'),
    email          VARCHAR NOT NULL,
    scope          VARCHAR NOT NULL DEFAULT '',
    role           VARCHAR NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    recorded_at    TIMESTAMP NOT NULL,
    recorded_by    VARCHAR NOT NULL,
    superseded_at  TIMESTAMP,
    superseded_by  VARCHAR,
    is_current     BOOLEAN CHECK (is_current),
    CHECK (scope = '' OR role = 'editor'),
    CHECK ((is_current IS NULL) = (superseded_at IS NOT NULL)),
    UNIQUE (email, scope, is_current)
);

-- When each person last signed in: a log kept apart from their record, so a sign-in writes no
-- audit row and needs no rights.
CREATE TABLE sign_in (
    email    VARCHAR PRIMARY KEY,
    last_at  TIMESTAMP NOT NULL
);
