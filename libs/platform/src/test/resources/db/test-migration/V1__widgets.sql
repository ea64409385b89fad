-- A tiny domain for testing the shared mechanisms inside a real Quarkus application.
CREATE TABLE widgets (
    id         uuid        NOT NULL CONSTRAINT widgets_pkey PRIMARY KEY,
    name       text        NOT NULL CONSTRAINT widgets_name_key UNIQUE,
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- What the test consumer did, once per event.
CREATE TABLE widget_effects (
    event_id    text NOT NULL,
    widget_name text NOT NULL
);
