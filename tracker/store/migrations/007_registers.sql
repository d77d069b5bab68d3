-- Governance registers (issue 18): risks on the NHS 5 × 5 matrix, a programme's risk bands and
-- escalation line, benefits and their months (planned, actual, forecast outturn).
CREATE TABLE risk (
    id                   INTEGER PRIMARY KEY DEFAULT nextval('id_seq'),
    code                 VARCHAR NOT NULL,
    programme_id         INTEGER NOT NULL REFERENCES programme (id),
    -- NULL for a programme-level risk.
    initiative_id        INTEGER REFERENCES initiative (id),
    title                VARCHAR NOT NULL,
    cause                VARCHAR NOT NULL,
    event                VARCHAR NOT NULL,
    effect               VARCHAR NOT NULL,
    category             VARCHAR NOT NULL,
    owner                VARCHAR NOT NULL,
    identified           DATE NOT NULL,
    last_reviewed        DATE NOT NULL,
    next_review          DATE NOT NULL,
    controls             VARCHAR NOT NULL DEFAULT '',
    -- Actions as JSON [{"action": "...", "owner": "...", "due": "2026-06-30", "done": null}].
    actions              JSON NOT NULL DEFAULT '[]',
    status               VARCHAR NOT NULL CHECK (status IN ('open', 'closed')),
    response             VARCHAR NOT NULL CHECK (response IN ('treat', 'tolerate', 'transfer', 'terminate')),
    initial_likelihood   INTEGER NOT NULL CHECK (initial_likelihood BETWEEN 1 AND 5),
    initial_consequence  INTEGER NOT NULL CHECK (initial_consequence BETWEEN 1 AND 5),
    current_likelihood   INTEGER NOT NULL CHECK (current_likelihood BETWEEN 1 AND 5),
    current_consequence  INTEGER NOT NULL CHECK (current_consequence BETWEEN 1 AND 5),
    target_likelihood    INTEGER NOT NULL CHECK (target_likelihood BETWEEN 1 AND 5),
    target_consequence   INTEGER NOT NULL CHECK (target_consequence BETWEEN 1 AND 5),
    review_note          VARCHAR NOT NULL DEFAULT '',
    recorded_at          TIMESTAMP NOT NULL,
    recorded_by          VARCHAR NOT NULL,
    superseded_at        TIMESTAMP,
    superseded_by        VARCHAR,
    is_current           BOOLEAN CHECK (is_current),
    CHECK (target_likelihood * target_consequence <= current_likelihood * current_consequence),
    CHECK (next_review >= last_reviewed AND last_reviewed >= identified),
    CHECK ((is_current IS NULL) = (superseded_at IS NOT NULL)),
    UNIQUE (code, is_current)
);

CREATE TABLE risk_setting (
    id             INTEGER PRIMARY KEY DEFAULT nextval('id_seq'),
    programme_id   INTEGER NOT NULL UNIQUE REFERENCES programme (id),
    moderate_from  INTEGER NOT NULL,
    high_from      INTEGER NOT NULL,
    extreme_from   INTEGER NOT NULL,
    escalation     INTEGER NOT NULL CHECK (escalation BETWEEN 1 AND 25),
    CHECK (1 < moderate_from AND moderate_from < high_from AND high_from < extreme_from AND extreme_from <= 25)
);

CREATE TABLE benefit (
    id             INTEGER PRIMARY KEY DEFAULT nextval('id_seq'),
    code           VARCHAR NOT NULL UNIQUE,
    initiative_id  INTEGER NOT NULL REFERENCES initiative (id),
    title          VARCHAR NOT NULL,
    category       VARCHAR NOT NULL CHECK (category IN ('cash-releasing', 'non-cash-releasing', 'quality', 'societal')),
    dis_benefit    BOOLEAN NOT NULL,
    owner          VARCHAR NOT NULL,
    unit           VARCHAR NOT NULL,
    recurrent      BOOLEAN NOT NULL,
    baseline       DOUBLE NOT NULL,
    profile_from   DATE NOT NULL CHECK (day(profile_from) = 1),
    profile_to     DATE NOT NULL CHECK (day(profile_to) = 1),
    -- NULL when no measure of the initiative is linked.
    measure_id     INTEGER REFERENCES measure (id),
    CHECK (profile_to >= profile_from)
);

CREATE TABLE benefit_month (
    id             INTEGER PRIMARY KEY DEFAULT nextval('id_seq'),
    benefit_id     INTEGER NOT NULL REFERENCES benefit (id),
    month          DATE NOT NULL CHECK (day(month) = 1),
    planned        DOUBLE,
    actual         DOUBLE,
    -- The forecast outturn for the financial year (April–March) that holds `month`.
    forecast       DOUBLE,
    confidence     INTEGER CHECK (confidence BETWEEN 1 AND 5),
    recorded_at    TIMESTAMP NOT NULL,
    recorded_by    VARCHAR NOT NULL,
    superseded_at  TIMESTAMP,
    superseded_by  VARCHAR,
    is_current     BOOLEAN CHECK (is_current),
    CHECK ((is_current IS NULL) = (superseded_at IS NOT NULL)),
    UNIQUE (benefit_id, month, is_current)
);
