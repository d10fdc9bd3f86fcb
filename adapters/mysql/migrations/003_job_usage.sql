-- What a job actually consumed, sampled while it runs (cumulative cpu time, peak memory).
ALTER TABLE jobs
  ADD COLUMN cpu_seconds DOUBLE NOT NULL DEFAULT 0,
  ADD COLUMN max_memory_mib INT UNSIGNED NULL;
