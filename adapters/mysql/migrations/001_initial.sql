-- Users, API tokens, jobs with their state history and logs, and the execution nodes.
CREATE TABLE users (
  id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  username VARCHAR(32) NOT NULL,
  password_hash VARCHAR(255) NULL,
  uid INT UNSIGNED NOT NULL,
  gid INT UNSIGNED NOT NULL,
  groups_json TEXT NOT NULL,
  home VARCHAR(4096) NOT NULL,
  role ENUM('user', 'admin') NOT NULL DEFAULT 'user',
  created_at DATETIME(3) NOT NULL,
  deleted_at DATETIME(3) NULL,
  UNIQUE KEY users_username (username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE api_tokens (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  user_id INT UNSIGNED NOT NULL,
  token_hash BINARY(32) NOT NULL,
  created_at DATETIME(3) NOT NULL,
  expires_at DATETIME(3) NOT NULL,
  revoked_at DATETIME(3) NULL,
  UNIQUE KEY api_tokens_hash (token_hash),
  CONSTRAINT api_tokens_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TABLE jobs (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  owner_id INT UNSIGNED NOT NULL,
  owner VARCHAR(32) NOT NULL,
  name VARCHAR(100) NOT NULL,
  image VARCHAR(255) NOT NULL,
  command MEDIUMTEXT NOT NULL,
  cpus DECIMAL(10, 3) NOT NULL,
  memory_mib INT UNSIGNED NOT NULL,
  max_lifetime_s INT UNSIGNED NOT NULL,
  uid INT UNSIGNED NOT NULL,
  gid INT UNSIGNED NOT NULL,
  groups_json TEXT NOT NULL,
  home VARCHAR(4096) NOT NULL,
  priority INT NOT NULL DEFAULT 0,
  state ENUM('submitted', 'pending', 'admitted', 'launching', 'running', 'succeeded', 'failed', 'killed') NOT NULL,
  reason VARCHAR(1024) NULL,
  exit_code INT NULL,
  node VARCHAR(255) NULL,
  submitted_at DATETIME(3) NOT NULL,
  admitted_at DATETIME(3) NULL,
  started_at DATETIME(3) NULL,
  finished_at DATETIME(3) NULL,
  updated_at DATETIME(3) NOT NULL,
  KEY jobs_state (state, priority, submitted_at),
  KEY jobs_owner (owner_id, id),
  CONSTRAINT jobs_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE job_events (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  job_id BIGINT UNSIGNED NOT NULL,
  at DATETIME(3) NOT NULL,
  state ENUM('submitted', 'pending', 'admitted', 'launching', 'running', 'succeeded', 'failed', 'killed') NOT NULL,
  reason VARCHAR(1024) NULL,
  KEY job_events_job (job_id, id),
  CONSTRAINT job_events_job_fk FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Logs are appended at an expected offset, which makes a replayed append a no-op.
CREATE TABLE job_logs (
  job_id BIGINT UNSIGNED PRIMARY KEY,
  content LONGBLOB NOT NULL,
  bytes BIGINT UNSIGNED NOT NULL DEFAULT 0,
  truncated BOOLEAN NOT NULL DEFAULT FALSE,
  CONSTRAINT job_logs_job_fk FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TABLE nodes (
  name VARCHAR(255) PRIMARY KEY,
  cpus DECIMAL(10, 3) NOT NULL,
  memory_mib INT UNSIGNED NOT NULL,
  updated_at DATETIME(3) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
