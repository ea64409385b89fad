-- The outbox keeps an event's data as the text it was written as (json), not parsed into jsonb: the relay publishes
-- that text and nothing queries inside it. A first registry sync writes 81,000 events; parsing them into jsonb and
-- printing them back for Kafka cost PostgreSQL about a second (docs/benchmarks.md, decision 0006).
-- Platform migrations may arrive after a service's own (quarkus.flyway.out-of-order): they touch only these tables.
ALTER TABLE outbox ALTER COLUMN data TYPE json USING data::json;
