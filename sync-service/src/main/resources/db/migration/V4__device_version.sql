-- Every snapshot of a device on aed.devices.v1 carries the device's version, which orders them: consumers keep the
-- highest, not the newest updatedAt (a sync stamps the start of its transaction, which can be earlier than an
-- inspection result that committed while it ran). Raised in the same statement as every write that publishes a
-- snapshot (insert: 1; feed or import update, restore, status change, inspection result: + 1), so row locks order it.
ALTER TABLE devices ADD COLUMN version bigint NOT NULL DEFAULT 1;
ALTER TABLE devices ADD CONSTRAINT devices_version_positive CHECK (version >= 1);
