-- The readiness view keeps the registry's highest snapshot version (DeviceSnapshot.version), as every device view
-- does: a sync stamps the start of its transaction, which can be earlier than an inspection result that committed
-- while it ran. Null for snapshots published before versions existed (those replace only each other, by updatedAt).
ALTER TABLE devices ADD COLUMN registry_version bigint;
