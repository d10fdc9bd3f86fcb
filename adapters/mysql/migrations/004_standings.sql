-- Where each pending job stands after the last ordering pass, for listings and `job show`.
ALTER TABLE jobs
  ADD COLUMN queue_position INT UNSIGNED NULL,
  ADD COLUMN priority_score INT NULL;
