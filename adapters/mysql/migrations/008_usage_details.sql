-- What the usage report needs beside the cpu and memory that fair share and budgets sum: how
-- each job ended, how long it ran and waited, and the memory it held. From now on every finished
-- job has a record, a job that never started with zero usage (its wait_seconds NULL).
ALTER TABLE usage_records
  ADD COLUMN state ENUM('succeeded', 'failed', 'killed') NOT NULL DEFAULT 'succeeded' AFTER finished_at,
  ADD COLUMN exit_code INT NULL AFTER state,
  ADD COLUMN wall_seconds DOUBLE NOT NULL DEFAULT 0 AFTER exit_code,
  ADD COLUMN wait_seconds DOUBLE NULL AFTER wall_seconds,
  ADD COLUMN memory_mib INT UNSIGNED NOT NULL DEFAULT 0 AFTER wait_seconds;

-- Records written before this migration take the details from their job (every record has one:
-- the foreign key cascades). Only started jobs were charged then, so both times are set.
UPDATE usage_records r JOIN jobs j ON j.id = r.job_id
SET r.state = j.state,
    r.exit_code = j.exit_code,
    r.wall_seconds = GREATEST(0, TIMESTAMPDIFF(MICROSECOND, j.started_at, j.finished_at) / 1e6),
    r.wait_seconds = GREATEST(0, TIMESTAMPDIFF(MICROSECOND, j.submitted_at, j.started_at) / 1e6),
    r.memory_mib = j.memory_mib
WHERE j.state IN ('succeeded', 'failed', 'killed') AND j.started_at IS NOT NULL;

-- Jobs that ended without starting were not recorded then; they are now, with nothing used.
INSERT IGNORE INTO usage_records
  (job_id, owner, group_name, project, queue, finished_at, state, exit_code, wall_seconds,
   wait_seconds, memory_mib, cpu_seconds, memory_mib_seconds)
SELECT id, owner, group_name, project, queue, finished_at, state, exit_code, 0, NULL, memory_mib, 0, 0
FROM jobs
WHERE state IN ('succeeded', 'failed', 'killed') AND started_at IS NULL AND finished_at IS NOT NULL;
