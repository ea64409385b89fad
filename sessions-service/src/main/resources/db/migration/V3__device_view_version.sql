-- The device view keeps the registry's highest snapshot version, not the newest updatedAt: a sync stamps the start of
-- its transaction, which can be earlier than an inspection result that committed while it ran (the snapshot carrying
-- the inspection would then lose to the sync's older one). Null for snapshots published before versions existed.
ALTER TABLE devices ADD COLUMN registry_version bigint;
