-- The resource series of each job, sampled while it runs and thinned as it grows (bounded per job).
CREATE TABLE job_samples (
  job_id BIGINT UNSIGNED NOT NULL,
  at DATETIME(3) NOT NULL,
  cpu_percent DOUBLE NOT NULL,
  cpu_seconds DOUBLE NOT NULL,
  memory_bytes BIGINT UNSIGNED NOT NULL,
  memory_limit_bytes BIGINT UNSIGNED NOT NULL,
  block_read_bytes BIGINT UNSIGNED NOT NULL,
  block_write_bytes BIGINT UNSIGNED NOT NULL,
  net_rx_bytes BIGINT UNSIGNED NOT NULL,
  net_tx_bytes BIGINT UNSIGNED NOT NULL,
  pids INT UNSIGNED NOT NULL,
  PRIMARY KEY (job_id, at),
  CONSTRAINT job_samples_job_fk FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE
) ENGINE=InnoDB;
