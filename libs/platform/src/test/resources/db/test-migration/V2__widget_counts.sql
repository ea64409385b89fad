-- The test consumer's effect as a counter: applying an event twice shows as 2, so a missing deduplication fails.
CREATE TABLE widget_counts (
    widget_name text    NOT NULL CONSTRAINT widget_counts_pkey PRIMARY KEY,
    applied     integer NOT NULL
);

-- A row a test locks to make the consumer's effect wait into its lock_timeout (a transient failure).
CREATE TABLE widget_locks (
    widget_name text NOT NULL CONSTRAINT widget_locks_pkey PRIMARY KEY
);
