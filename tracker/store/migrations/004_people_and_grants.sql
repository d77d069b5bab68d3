-- People and their grants (issue 13). A person is known by the email they sign in with
-- (lower-case). app_user's role was never enforced, so it is not carried over: a grant is made
-- deliberately (tracker access grant), and while no admin is granted anyone has full rights.
CREATE TABLE person (
    id     INTEGER PRIMARY KEY DEFAULT nextval('id_seq'),
    email  VARCHAR NOT NULL UNIQUE CHECK (email = lower(email)),
    name   VARCHAR NOT NULL
);
INSERT INTO person (id, email, name)
SELECT id, lower(email), name FROM app_user
WHERE id IN (SELECT min(id) FROM app_user GROUP BY lower(email));
DROP TABLE app_user;

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

-- A check-in's author is the person signed in when it is saved; one written for someone else
-- (a lead away) names them here. Blank for every earlier check-in.
ALTER TABLE check_in ADD COLUMN on_behalf_of VARCHAR DEFAULT '';
