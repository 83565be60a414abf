-- Cronstone's own record of each job: the spec as last synced, its content hash (sync rewrites
-- the Quartz job and trigger only when the hash changed) and the operator's pause, which sync
-- never touches. A job fires only when enabled (from the spec) AND not paused (by an operator).
CREATE TABLE cs_job
(
  job_id     VARCHAR(63)              NOT NULL,
  spec_json  TEXT                     NOT NULL,
  spec_hash  CHAR(64)                 NOT NULL,
  source     VARCHAR(1024)            NULL,
  enabled    BOOLEAN                  NOT NULL,
  paused     BOOLEAN                  NOT NULL DEFAULT FALSE,
  paused_by  VARCHAR(200)             NULL,
  paused_at  TIMESTAMP WITH TIME ZONE NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT pk_cs_job PRIMARY KEY (job_id)
);
