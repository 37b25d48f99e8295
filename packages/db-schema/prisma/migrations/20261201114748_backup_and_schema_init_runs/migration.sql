-- CreateTable
CREATE TABLE "backup_runs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "kind" VARCHAR(16) NOT NULL,
    "started_at" TIMESTAMPTZ(6) NOT NULL,
    "finished_at" TIMESTAMPTZ(6) NOT NULL,
    "outcome" VARCHAR(16) NOT NULL,
    "backup_id" VARCHAR(255),
    "backup_created_at" TIMESTAMPTZ(6),
    "size_bytes" BIGINT,
    "verified_at" TIMESTAMPTZ(6),
    "restore_tested_at" TIMESTAMPTZ(6),
    "backup_count" INTEGER,
    "error_code" VARCHAR(64),
    "message" TEXT,
    "tool_version" VARCHAR(64),

    CONSTRAINT "backup_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schema_init_runs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "started_at" TIMESTAMPTZ(6) NOT NULL,
    "finished_at" TIMESTAMPTZ(6) NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "outcome" VARCHAR(16) NOT NULL,
    "applied_migrations" JSONB NOT NULL DEFAULT '[]',
    "pending_count" INTEGER NOT NULL DEFAULT 0,
    "validation" VARCHAR(16) NOT NULL,
    "finding_count" INTEGER NOT NULL DEFAULT 0,
    "error_code" VARCHAR(64),
    "message" TEXT,
    "tool_version" VARCHAR(64),

    CONSTRAINT "schema_init_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "backup_runs_finished_at_idx" ON "backup_runs"("finished_at" DESC);

-- CreateIndex
CREATE INDEX "backup_runs_kind_finished_at_idx" ON "backup_runs"("kind", "finished_at" DESC);

-- CreateIndex
CREATE INDEX "backup_runs_backup_created_at_idx" ON "backup_runs"("backup_created_at" DESC);

-- CreateIndex
CREATE INDEX "schema_init_runs_finished_at_idx" ON "schema_init_runs"("finished_at" DESC);
