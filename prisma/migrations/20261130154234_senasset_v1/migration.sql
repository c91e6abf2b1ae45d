-- AlterTable
ALTER TABLE "assets" ADD COLUMN     "custom_fields_match" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "client_credentials" ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateIndex
CREATE INDEX "assets_custom_fields_match" ON "assets" USING GIN ("custom_fields_match" jsonb_path_ops);

-- custom_fields_match mirrors custom_fields as [custom_fields], so that Prisma's array_contains
-- (the only filter it writes as `@>`) can match custom fields through the GIN index above.
UPDATE "assets" SET "custom_fields_match" = jsonb_build_array("custom_fields");

CREATE FUNCTION assets_custom_fields_match() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.custom_fields_match := jsonb_build_array(NEW.custom_fields);
  RETURN NEW;
END;
$$;

CREATE TRIGGER assets_custom_fields_match
  BEFORE INSERT OR UPDATE OF custom_fields ON "assets"
  FOR EACH ROW EXECUTE FUNCTION assets_custom_fields_match();

-- A credential's updated_at starts at its creation.
UPDATE "client_credentials" SET "updated_at" = "created_at";
