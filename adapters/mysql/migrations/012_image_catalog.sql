-- The software catalog: images admins register for users to run. `name` is what users ask for
-- (godocker/debian), `version` its tag (12); `reference` is where the daemon gets it
-- (127.0.0.1:5000/godocker/debian:12, or the bare name:tag of an image built on the node);
-- `digest` the manifest digest the registry answered when it was registered or imported.
CREATE TABLE images (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  version VARCHAR(128) NOT NULL,
  description VARCHAR(1000) NOT NULL DEFAULT '',
  os VARCHAR(64) NOT NULL DEFAULT '',
  tags_json JSON NOT NULL,
  is_default TINYINT(1) NOT NULL DEFAULT 0,
  reference VARCHAR(255) NOT NULL,
  digest VARCHAR(80) NULL,
  created_at DATETIME(3) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  UNIQUE KEY images_name_version (name, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The image a job actually ran, pinned at admission: a registry manifest digest (sha256:…) or,
-- for an image built on the node, its image id. `image_hold` marks a pending job whose image is
-- not on the node yet (being pulled, or its registry is down): the ordering pass skips it.
ALTER TABLE jobs
  ADD COLUMN image_digest VARCHAR(80) NULL AFTER image,
  ADD COLUMN image_hold TINYINT(1) NOT NULL DEFAULT 0 AFTER image_digest;
