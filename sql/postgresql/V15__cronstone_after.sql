-- Run after another job (docs/runs.md, "After another job"). cs_job_after holds the edges of the
-- enabled jobs' specs, written with their cs_job rows: job_id runs after upstream_job_id's runs
-- that end as on_end says. The index on upstream_job_id is the one read the end of every run makes.
-- A run of kind 'after' names the upstream run that started it; UNIQUE (job_id, upstream_job_id,
-- upstream_run_no) makes its creation idempotent cluster-wide: one run of a job per upstream run
-- (NULLs are distinct, so no other run is affected).
CREATE TABLE cs_job_after
(
  job_id          VARCHAR(63) NOT NULL,
  upstream_job_id VARCHAR(63) NOT NULL,
  on_end          VARCHAR(16) NOT NULL,
  CONSTRAINT pk_cs_job_after PRIMARY KEY (job_id, upstream_job_id),
  CONSTRAINT ck_cs_job_after_on CHECK (on_end IN ('success', 'failure', 'always'))
);
CREATE INDEX idx_cs_job_after_upstream ON cs_job_after (upstream_job_id);

ALTER TABLE cs_run ADD COLUMN upstream_job_id VARCHAR(63) NULL;
ALTER TABLE cs_run ADD COLUMN upstream_run_no BIGINT NULL;
ALTER TABLE cs_run ADD CONSTRAINT uq_cs_run_upstream UNIQUE (job_id, upstream_job_id, upstream_run_no);

ALTER TABLE cs_run DROP CONSTRAINT ck_cs_run_kind;
ALTER TABLE cs_run DROP CONSTRAINT ck_cs_run_fire_key;
ALTER TABLE cs_run ADD CONSTRAINT ck_cs_run_kind
  CHECK (kind IN ('scheduled', 'catch_up', 'manual', 'replay', 'backfill', 'after'));
ALTER TABLE cs_run ADD CONSTRAINT ck_cs_run_fire_key
  CHECK ((kind IN ('scheduled', 'catch_up') AND fire_key IS NOT NULL)
    OR (kind IN ('manual', 'replay') AND fire_key IS NULL)
    OR (kind = 'backfill' AND fire_key IS NULL AND backfill_key IS NOT NULL AND backfill_id IS NOT NULL)
    OR (kind = 'after' AND fire_key IS NULL AND upstream_job_id IS NOT NULL AND upstream_run_no IS NOT NULL));
