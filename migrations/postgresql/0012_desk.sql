-- The pattern rules' count of a product's complaints (migrations/0012_desk.sql).  Where
-- batches is already a view over the ERP's table (docs/erp-integration.md) there is nothing
-- to index here: the ERP's table needs the index on its product column.
DO $$
BEGIN
	IF EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		   WHERE c.relname = 'batches' AND c.relkind = 'r'
		   AND n.nspname = ANY (current_schemas(false))) THEN
		CREATE INDEX batches_product ON batches (product);
	END IF;
END
$$;
