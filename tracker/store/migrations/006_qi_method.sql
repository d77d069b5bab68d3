-- The improvement method (issue 17): driver diagrams, PDSA cycles and the progress score.
-- A driver diagram node's identity (its code and initiative); its changing facts are versioned.
CREATE TABLE diagram_node (
    id             INTEGER PRIMARY KEY DEFAULT nextval('id_seq'),
    code           VARCHAR NOT NULL UNIQUE,
    initiative_id  INTEGER NOT NULL REFERENCES initiative (id)
);

CREATE TABLE diagram_node_version (
    id               INTEGER PRIMARY KEY DEFAULT nextval('id_seq'),
    diagram_node_id  INTEGER NOT NULL REFERENCES diagram_node (id),
    kind             VARCHAR NOT NULL CHECK (kind IN ('primary', 'secondary', 'change idea')),
    title            VARCHAR NOT NULL,
    position         INTEGER NOT NULL CHECK (position BETWEEN 1 AND 999),
    -- The nodes it serves as JSON [{"code": "UEC-01-P1", "strength": "strong"}]; [] for a primary.
    parents          JSON NOT NULL DEFAULT '[]',
    -- Codes of the measures that show it working, as a JSON list.
    measures         JSON NOT NULL DEFAULT '[]',
    recorded_at      TIMESTAMP NOT NULL,
    recorded_by      VARCHAR NOT NULL,
    superseded_at    TIMESTAMP,
    superseded_by    VARCHAR,
    is_current       BOOLEAN CHECK (is_current),
    CHECK ((is_current IS NULL) = (superseded_at IS NOT NULL)),
    UNIQUE (diagram_node_id, is_current)
);

-- A PDSA cycle's identity: its code and the change idea (a diagram node) it tests.
CREATE TABLE pdsa_cycle (
    id               INTEGER PRIMARY KEY DEFAULT nextval('id_seq'),
    code             VARCHAR NOT NULL UNIQUE,
    diagram_node_id  INTEGER NOT NULL REFERENCES diagram_node (id)
);

CREATE TABLE pdsa_cycle_version (
    id             INTEGER PRIMARY KEY DEFAULT nextval('id_seq'),
    pdsa_cycle_id  INTEGER NOT NULL REFERENCES pdsa_cycle (id),
    number         INTEGER NOT NULL CHECK (number BETWEEN 1 AND 999),
    -- The code of the cycle of the same change idea that this one follows (a ramp).
    follows        VARCHAR,
    objective      VARCHAR NOT NULL,
    prediction     VARCHAR NOT NULL,
    start_date     DATE NOT NULL,
    end_date       DATE NOT NULL,
    owner          VARCHAR NOT NULL,
    measures       JSON NOT NULL DEFAULT '[]',
    do_date        DATE,
    do_notes       VARCHAR NOT NULL DEFAULT '',
    study_date     DATE,
    study_notes    VARCHAR NOT NULL DEFAULT '',
    act_date       DATE,
    act_decision   VARCHAR CHECK (act_decision IN ('adopt', 'adapt', 'abandon')),
    act_notes      VARCHAR NOT NULL DEFAULT '',
    recorded_at    TIMESTAMP NOT NULL,
    recorded_by    VARCHAR NOT NULL,
    superseded_at  TIMESTAMP,
    superseded_by  VARCHAR,
    is_current     BOOLEAN CHECK (is_current),
    CHECK (end_date >= start_date),
    CHECK ((act_decision IS NULL) = (act_date IS NULL)),
    CHECK ((is_current IS NULL) = (superseded_at IS NOT NULL)),
    UNIQUE (pdsa_cycle_id, is_current)
);

-- The IHI project progress score, 0.5 to 5 in halves (models.PROGRESS_SCORES); NULL if not given.
-- DuckDB cannot add a column with a CHECK, so the model alone keeps it on the scale.
ALTER TABLE check_in ADD COLUMN progress_score DOUBLE;
