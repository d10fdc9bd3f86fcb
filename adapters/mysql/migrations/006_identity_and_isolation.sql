-- Identity and isolation: where each user authenticates, the audited root grant, named and
-- scoped API tokens, login throttling, the volume catalog, what each job mounts, and the
-- append-only audit log.
ALTER TABLE users
  ADD COLUMN auth_source ENUM('local', 'ldap') NOT NULL DEFAULT 'local',
  ADD COLUMN root_allowed BOOLEAN NOT NULL DEFAULT FALSE;

-- Session tokens come from login; API tokens are created, named and revoked by their owner.
ALTER TABLE api_tokens
  ADD COLUMN kind ENUM('session', 'api') NOT NULL DEFAULT 'session',
  ADD COLUMN name VARCHAR(64) NULL,
  ADD COLUMN scope ENUM('read', 'jobs', 'full') NOT NULL DEFAULT 'full',
  ADD COLUMN last_used_at DATETIME(3) NULL,
  ADD KEY api_tokens_user (user_id, kind);

CREATE TABLE login_failures (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  username VARCHAR(64) NOT NULL,
  address VARCHAR(64) NOT NULL,
  at DATETIME(3) NOT NULL,
  KEY login_failures_user (username, at),
  KEY login_failures_address (address, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Host and container paths are templates ({username}, {uid}, {gid}, {group}, {project}, {home}).
CREATE TABLE volumes (
  name VARCHAR(32) PRIMARY KEY,
  description VARCHAR(255) NOT NULL DEFAULT '',
  host_path VARCHAR(1024) NOT NULL,
  container_path VARCHAR(1024) NOT NULL,
  read_only BOOLEAN NOT NULL,
  groups_json TEXT NOT NULL,
  created_at DATETIME(3) NOT NULL,
  updated_at DATETIME(3) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The mounts are resolved and checked at submit and checked again at launch.
ALTER TABLE jobs
  ADD COLUMN root BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN mounts_json TEXT NULL;

CREATE TABLE audit_events (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  at DATETIME(3) NOT NULL,
  actor VARCHAR(64) NULL,
  address VARCHAR(64) NULL,
  action VARCHAR(64) NOT NULL,
  target VARCHAR(255) NULL,
  outcome ENUM('ok', 'refused', 'failed') NOT NULL,
  detail MEDIUMTEXT NULL,
  KEY audit_events_at (at),
  KEY audit_events_actor (actor, id),
  KEY audit_events_action (action, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Append-only: the database itself refuses to change or remove a recorded event.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_events is append-only';

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_events is append-only';
