-- Accounts that jobs are charged to (groups, projects, queues), their quotas, and usage.
-- Names, not ids, are what jobs, quotas and usage refer to: names are never renamed, and the
-- ordering pass groups jobs by them without joins.
CREATE TABLE sched_groups (
  id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(32) NOT NULL,
  gid INT UNSIGNED NULL,
  description VARCHAR(255) NOT NULL DEFAULT '',
  shares INT UNSIGNED NOT NULL DEFAULT 1,
  priority INT NOT NULL DEFAULT 0,
  created_at DATETIME(3) NOT NULL,
  UNIQUE KEY sched_groups_name (name),
  UNIQUE KEY sched_groups_gid (gid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- At most one primary group per user: primary_user_id is the user's id on the primary row and
-- NULL elsewhere, and NULLs do not collide in a unique key. "At least one" (for users with any
-- membership) is kept by the store, which promotes another group when the primary goes.
CREATE TABLE group_members (
  group_id INT UNSIGNED NOT NULL,
  user_id INT UNSIGNED NOT NULL,
  is_primary BOOLEAN NOT NULL DEFAULT FALSE,
  primary_user_id INT UNSIGNED AS (IF(is_primary, user_id, NULL)) PERSISTENT,
  added_at DATETIME(3) NOT NULL,
  PRIMARY KEY (group_id, user_id),
  KEY group_members_user (user_id),
  UNIQUE KEY group_members_one_primary (primary_user_id),
  CONSTRAINT group_members_group_fk FOREIGN KEY (group_id) REFERENCES sched_groups (id) ON DELETE CASCADE,
  CONSTRAINT group_members_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TABLE projects (
  id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(32) NOT NULL,
  description VARCHAR(255) NOT NULL DEFAULT '',
  manager_id INT UNSIGNED NULL,
  shares INT UNSIGNED NOT NULL DEFAULT 1,
  priority INT NOT NULL DEFAULT 0,
  created_at DATETIME(3) NOT NULL,
  UNIQUE KEY projects_name (name),
  CONSTRAINT projects_manager_fk FOREIGN KEY (manager_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE project_members (
  project_id INT UNSIGNED NOT NULL,
  user_id INT UNSIGNED NOT NULL,
  added_at DATETIME(3) NOT NULL,
  PRIMARY KEY (project_id, user_id),
  KEY project_members_user (user_id),
  CONSTRAINT project_members_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
  CONSTRAINT project_members_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB;

-- max_walltime_s NULL: the site maximum (jobs.maxLifetimeSeconds) applies.
CREATE TABLE queues (
  id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(32) NOT NULL,
  description VARCHAR(255) NOT NULL DEFAULT '',
  priority INT NOT NULL DEFAULT 0,
  max_walltime_s INT UNSIGNED NULL,
  created_at DATETIME(3) NOT NULL,
  UNIQUE KEY queues_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A queue with no rows here is open to every group. RESTRICT: deleting a group must never
-- silently turn a restricted queue into an open one.
CREATE TABLE queue_groups (
  queue_id INT UNSIGNED NOT NULL,
  group_id INT UNSIGNED NOT NULL,
  PRIMARY KEY (queue_id, group_id),
  KEY queue_groups_group (group_id),
  CONSTRAINT queue_groups_queue_fk FOREIGN KEY (queue_id) REFERENCES queues (id) ON DELETE CASCADE,
  CONSTRAINT queue_groups_group_fk FOREIGN KEY (group_id) REFERENCES sched_groups (id) ON DELETE RESTRICT
) ENGINE=InnoDB;

-- Limits per account; NULL is unlimited. Only max_pending_jobs is enforced at submit; the
-- ordering pass holds jobs back on the others.
CREATE TABLE quotas (
  subject_kind ENUM('user', 'group', 'project', 'queue') NOT NULL,
  subject_name VARCHAR(32) NOT NULL,
  max_cpus DECIMAL(10, 3) NULL,
  max_memory_mib BIGINT UNSIGNED NULL,
  max_running_jobs INT UNSIGNED NULL,
  max_pending_jobs INT UNSIGNED NULL,
  cpu_hours_per_window DECIMAL(14, 3) NULL,
  memory_gb_hours_per_window DECIMAL(14, 3) NULL,
  window_hours INT UNSIGNED NULL,
  updated_at DATETIME(3) NOT NULL,
  PRIMARY KEY (subject_kind, subject_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Decayed past usage per account, for fair share (USAGE is a reserved word, hence the name).
CREATE TABLE account_usage (
  account_kind ENUM('user', 'group', 'project', 'queue') NOT NULL,
  account_name VARCHAR(32) NOT NULL,
  cpu_seconds DOUBLE NOT NULL DEFAULT 0,
  memory_mib_seconds DOUBLE NOT NULL DEFAULT 0,
  as_of DATETIME(3) NOT NULL,
  PRIMARY KEY (account_kind, account_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per finished job, keyed by the job so a replayed finalization records it once;
-- rolling-window budgets sum these.
CREATE TABLE usage_records (
  job_id BIGINT UNSIGNED PRIMARY KEY,
  owner VARCHAR(32) NOT NULL,
  group_name VARCHAR(32) NOT NULL,
  project VARCHAR(32) NOT NULL,
  queue VARCHAR(32) NOT NULL,
  finished_at DATETIME(3) NOT NULL,
  cpu_seconds DOUBLE NOT NULL,
  memory_mib_seconds DOUBLE NOT NULL,
  KEY usage_records_owner (owner, finished_at),
  KEY usage_records_group (group_name, finished_at),
  KEY usage_records_project (project, finished_at),
  KEY usage_records_queue (queue, finished_at),
  KEY usage_records_finished (finished_at),
  CONSTRAINT usage_records_job_fk FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Jobs recorded before accounts existed were charged to the fallbacks seeded below.
ALTER TABLE jobs
  ADD COLUMN group_name VARCHAR(32) NOT NULL DEFAULT 'users' AFTER owner,
  ADD COLUMN project VARCHAR(32) NOT NULL DEFAULT 'default' AFTER group_name,
  ADD COLUMN queue VARCHAR(32) NOT NULL DEFAULT 'default' AFTER project,
  ADD KEY jobs_owner_state (owner, state),
  ADD KEY jobs_group_state (group_name, state),
  ADD KEY jobs_project_state (project, state),
  ADD KEY jobs_queue_state (queue, state);

INSERT INTO sched_groups (name, description, created_at)
VALUES ('users', 'Everyone in no other group', UTC_TIMESTAMP(3));

INSERT INTO projects (name, description, created_at)
VALUES ('default', 'Jobs charged to no particular project', UTC_TIMESTAMP(3));

INSERT INTO queues (name, description, created_at)
VALUES ('default', 'The queue of jobs that name none', UTC_TIMESTAMP(3));
