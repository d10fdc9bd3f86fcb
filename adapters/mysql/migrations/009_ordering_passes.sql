-- Timings of recent ordering passes, for the cluster view and for operators. The store keeps the
-- newest 1000 rows; ids grow with time, so trimming is a primary-key range delete.
CREATE TABLE ordering_passes (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  finished_at DATETIME(3) NOT NULL,
  duration_ms DOUBLE NOT NULL,
  decide_ms DOUBLE NOT NULL,
  pending INT NOT NULL,
  admitted INT NOT NULL,
  policy VARCHAR(32) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Lets the per-group usage counters of GET /metrics sum usage_records from this index alone,
-- without reading the table's rows.
ALTER TABLE usage_records
  ADD KEY usage_records_group_totals (group_name, cpu_seconds, memory_mib_seconds);

-- Lets the jobs gauge of GET /metrics count open jobs by state and queue from this index alone,
-- reading only the entries of jobs that have not ended.
ALTER TABLE jobs
  ADD KEY jobs_state_queue (state, queue);
