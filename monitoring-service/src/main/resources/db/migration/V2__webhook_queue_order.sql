-- Webhook messages leave in the order their transitions happened: while the oldest waiting message backs off, the
-- ones behind it wait too (a resolution never arrives before its firing). The job reads the waiting messages by id.
DROP INDEX webhook_deliveries_due_idx;
CREATE INDEX webhook_deliveries_waiting_idx ON webhook_deliveries (id) WHERE delivered_at IS NULL;
