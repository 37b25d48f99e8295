-- DropIndex
DROP INDEX "admin_settings_category_display_order_idx";

-- DropIndex
DROP INDEX "audit_logs_created_at_idx";

-- DropIndex
DROP INDEX "backups_created_at_idx";

-- DropIndex
DROP INDEX "backups_status_idx";

-- DropIndex
DROP INDEX "devices_device_type_idx";

-- DropIndex
DROP INDEX "job_log_entries_job_log_id_timestamp_idx";

-- DropIndex
DROP INDEX "job_logs_job_type_idx";

-- DropIndex
DROP INDEX "job_logs_start_time_idx";

-- DropIndex
DROP INDEX "job_logs_status_idx";

-- CreateIndex
CREATE INDEX "admin_settings_category_display_order_id_idx" ON "admin_settings"("category", "display_order", "id");

-- CreateIndex
CREATE INDEX "admin_settings_display_order_id_idx" ON "admin_settings"("display_order", "id");

-- CreateIndex
CREATE INDEX "audit_logs_created_at_id_idx" ON "audit_logs"("created_at", "id");

-- CreateIndex
CREATE INDEX "audit_logs_event_name_id_idx" ON "audit_logs"("event_name", "id");

-- CreateIndex
CREATE INDEX "audit_logs_target_id_idx" ON "audit_logs"("target_id");

-- CreateIndex
CREATE INDEX "audit_logs_status_idx" ON "audit_logs"("status");

-- CreateIndex
CREATE INDEX "backups_status_id_idx" ON "backups"("status", "id");

-- CreateIndex
CREATE INDEX "backups_created_at_id_idx" ON "backups"("created_at", "id");

-- CreateIndex
CREATE INDEX "backups_version_id_idx" ON "backups"("version", "id");

-- CreateIndex
CREATE INDEX "credentials_name_trgm_idx" ON "credentials" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "credentials_username_id_idx" ON "credentials"("username", "id");

-- CreateIndex
CREATE INDEX "credentials_created_at_id_idx" ON "credentials"("created_at", "id");

-- CreateIndex
CREATE INDEX "credentials_last_success_id_idx" ON "credentials"("last_success", "id");

-- CreateIndex
CREATE INDEX "devices_device_type_id_idx" ON "devices"("device_type", "id");

-- CreateIndex
CREATE INDEX "devices_ip_address_id_idx" ON "devices"("ip_address", "id");

-- CreateIndex
CREATE INDEX "devices_created_at_id_idx" ON "devices"("created_at", "id");

-- CreateIndex
CREATE INDEX "devices_updated_at_id_idx" ON "devices"("updated_at", "id");

-- CreateIndex
CREATE INDEX "job_log_entries_job_log_id_timestamp_id_idx" ON "job_log_entries"("job_log_id", "timestamp", "id");

-- CreateIndex
CREATE INDEX "job_logs_job_type_id_idx" ON "job_logs"("job_type", "id");

-- CreateIndex
CREATE INDEX "job_logs_status_id_idx" ON "job_logs"("status", "id");

-- CreateIndex
CREATE INDEX "job_logs_start_time_id_idx" ON "job_logs"("start_time", "id");

-- CreateIndex
CREATE INDEX "scheduled_jobs_name_id_idx" ON "scheduled_jobs"("name", "id");

-- CreateIndex
CREATE INDEX "scheduled_jobs_next_run_id_idx" ON "scheduled_jobs"("next_run", "id");

-- CreateIndex
CREATE INDEX "scheduled_jobs_created_at_id_idx" ON "scheduled_jobs"("created_at", "id");

-- CreateIndex
CREATE INDEX "tags_created_at_id_idx" ON "tags"("created_at", "id");

-- CreateIndex
CREATE INDEX "tags_name_trgm_idx" ON "tags" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "users_created_at_id_idx" ON "users"("created_at", "id");

-- CreateIndex
CREATE INDEX "users_username_trgm_idx" ON "users" USING GIN ("username" gin_trgm_ops);
