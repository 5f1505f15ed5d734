-- PostgreSQL: full-text search over tickets (a generated tsvector with a GIN index, the
-- 'simple' configuration so numbers and names are matched as typed) and the audit trail's
-- immutability.
ALTER TABLE tickets ADD COLUMN search tsvector GENERATED ALWAYS AS (
	to_tsvector('simple',
		coalesce(number, '') || ' ' || coalesce(customer_name, '') || ' ' ||
		coalesce(so_id, '') || ' ' || coalesce(invoice_id, '') || ' ' ||
		coalesce(woo_order_number, '') || ' ' || coalesce(title, '') || ' ' ||
		coalesce(description, ''))
) STORED;
CREATE INDEX tickets_search ON tickets USING GIN (search);

CREATE FUNCTION ticket_events_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit events are never changed or deleted';
END;
$$;
CREATE TRIGGER ticket_events_no_change BEFORE UPDATE OR DELETE ON ticket_events
	FOR EACH ROW EXECUTE FUNCTION ticket_events_immutable();
