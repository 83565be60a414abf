-- Who owns a job (docs/job-spec.md, "Who owns a job"): 'file' when it comes from the spec folder
-- (sync adds, updates and removes it), 'store' when it was created through the API or 'jobs apply'
-- (sync never changes or removes it; a spec file for its id hands it over to the file). Jobs stored
-- before this migration came from the spec folder. version is the number of the job's current
-- saved version in cs_job_version (the API's ETag and If-Match).
ALTER TABLE cs_job ADD COLUMN owner VARCHAR(5) DEFAULT 'file' NOT NULL;
ALTER TABLE cs_job ADD CONSTRAINT ck_cs_job_owner CHECK (owner IN ('file', 'store'));
ALTER TABLE cs_job ADD COLUMN version BIGINT DEFAULT 1 NOT NULL;

-- Every saved version of every job's spec, kept: one row per save through the API or the CLI and
-- per sync that added a job or changed its content (a repair that leaves the content as it was
-- saves none). Versions count 1, 2, 3 ... per job id and go on after a delete and a re-create; the
-- rows outlive the job (no foreign key). spec_json is the canonical JSON as stored in cs_job (its
-- secrets are env:NAME references, never values); saved_by is the API token's name, 'cli:<user>'
-- or 'file:<path>'; source is the spec file of a file-owned version.
CREATE TABLE cs_job_version
(
  job_id    VARCHAR(63)              NOT NULL,
  version   BIGINT                   NOT NULL,
  owner     VARCHAR(5)               NOT NULL,
  spec_json TEXT                     NOT NULL,
  spec_hash CHAR(64)                 NOT NULL,
  source    VARCHAR(1024)            NULL,
  saved_by  VARCHAR(1100)            NOT NULL,
  saved_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT pk_cs_job_version PRIMARY KEY (job_id, version),
  CONSTRAINT ck_cs_job_version_owner CHECK (owner IN ('file', 'store'))
);

-- The jobs already stored get their first version: the spec as last synced.
INSERT INTO cs_job_version (job_id, version, owner, spec_json, spec_hash, source, saved_by, saved_at)
SELECT job_id, 1, 'file', spec_json, spec_hash, source,
       CASE WHEN source IS NULL THEN 'file' ELSE 'file:' || source END,
       updated_at
FROM cs_job;
