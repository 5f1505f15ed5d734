-- The pattern rules' count of a product's complaints (migrations/0012_desk.sql).
CREATE INDEX batches_product ON batches (product);
