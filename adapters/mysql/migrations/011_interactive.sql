-- Interactive jobs (docs/interactive.md): a flag on the job, when someone last used one of its
-- shells, and the attachments open now. An attachment's row is refreshed while it lives, so the
-- rows of an API process that died stop counting once they are stale.
ALTER TABLE jobs
  ADD COLUMN interactive TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN last_activity_at DATETIME(3) NULL;

CREATE TABLE job_sessions (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  job_id BIGINT UNSIGNED NOT NULL,
  opened_at DATETIME(3) NOT NULL,
  alive_at DATETIME(3) NOT NULL,
  KEY job_sessions_job (job_id, alive_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
