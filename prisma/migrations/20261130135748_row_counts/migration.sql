-- CreateTable
CREATE TABLE "row_counts" (
    "organization_id" UUID NOT NULL,
    "table_name" TEXT NOT NULL,
    "count" BIGINT NOT NULL,

    CONSTRAINT "row_counts_pkey" PRIMARY KEY ("organization_id","table_name")
);

-- AddForeignKey
ALTER TABLE "row_counts" ADD CONSTRAINT "row_counts_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Kept by statement-level triggers, in the transaction of the write: one upsert per statement and
-- organization, however many rows it inserts (COPY and multi-row inserts included) or deletes.
CREATE FUNCTION row_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO row_counts (organization_id, table_name, count)
      SELECT organization_id, TG_TABLE_NAME, count(*) FROM new_rows GROUP BY organization_id
      ON CONFLICT (organization_id, table_name) DO UPDATE SET count = row_counts.count + EXCLUDED.count;
  ELSE
    UPDATE row_counts SET count = row_counts.count - gone.n
      FROM (SELECT organization_id, count(*) AS n FROM old_rows GROUP BY organization_id) AS gone
     WHERE row_counts.organization_id = gone.organization_id AND row_counts.table_name = TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER assets_count_inserts AFTER INSERT ON assets REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION row_counts_track();
CREATE TRIGGER assets_count_deletes AFTER DELETE ON assets REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION row_counts_track();
CREATE TRIGGER users_count_inserts AFTER INSERT ON users REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION row_counts_track();
CREATE TRIGGER users_count_deletes AFTER DELETE ON users REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION row_counts_track();
CREATE TRIGGER locations_count_inserts AFTER INSERT ON locations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION row_counts_track();
CREATE TRIGGER locations_count_deletes AFTER DELETE ON locations REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION row_counts_track();
CREATE TRIGGER vendors_count_inserts AFTER INSERT ON vendors REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION row_counts_track();
CREATE TRIGGER vendors_count_deletes AFTER DELETE ON vendors REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION row_counts_track();

-- The rows that exist already.
INSERT INTO row_counts (organization_id, table_name, count)
  SELECT organization_id, 'assets', count(*) FROM assets GROUP BY organization_id
  UNION ALL SELECT organization_id, 'users', count(*) FROM users GROUP BY organization_id
  UNION ALL SELECT organization_id, 'locations', count(*) FROM locations GROUP BY organization_id
  UNION ALL SELECT organization_id, 'vendors', count(*) FROM vendors GROUP BY organization_id;
