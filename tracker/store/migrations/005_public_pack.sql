-- An admin may mark a published pack public: with TRACKER_PUBLIC=on, people who are not signed
-- in can then read it. NULL (a pack from before) is not public; every change is audited.
ALTER TABLE board_pack ADD COLUMN is_public BOOLEAN DEFAULT FALSE;
