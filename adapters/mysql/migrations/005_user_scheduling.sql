-- Fair-share weight and admin priority of each user (groups, projects and queues have theirs).
ALTER TABLE users
  ADD COLUMN shares INT UNSIGNED NOT NULL DEFAULT 1,
  ADD COLUMN priority INT NOT NULL DEFAULT 0;
