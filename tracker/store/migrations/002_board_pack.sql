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
    CHECK (cut_off <= created_at)
);
