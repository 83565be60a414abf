-- The run ledger (design section 3): runs, their attempts and their events. The source of truth for
-- what ran; artifacts are written from it. Instants are TIMESTAMP WITH TIME ZONE written in UTC, to
-- the millisecond; fire_key is the intended fire instant in epoch milliseconds.
--
-- Run numbers: cs_run_counter holds the last number given out per job. Opening a run increments it
-- and inserts the run in one transaction (the counter's row lock serialises the opens of one job),
-- so numbers are 1, 2, 3 … without gaps. Spec sync never deletes counter rows: a job removed and
-- added again continues its numbering. Runs outlive their job's removal (no foreign key to cs_job).
CREATE TABLE cs_run_counter
(
  job_id      VARCHAR(63) NOT NULL,
  last_run_no BIGINT      NOT NULL,
  CONSTRAINT pk_cs_run_counter PRIMARY KEY (job_id)
);

-- One row per run. fire_key = the intended fire (epoch ms) for scheduled and catch_up runs, NULL for
-- manual and replay runs; UNIQUE (job_id, fire_key) lets the database refuse a second run of the
-- same intended fire (NULLs are distinct, so manual runs are never refused). last_seq is the last
-- event sequence number given out for the run.
CREATE TABLE cs_run
(
  job_id        VARCHAR(63)              NOT NULL,
  run_no        BIGINT                   NOT NULL,
  kind          VARCHAR(16)              NOT NULL,
  intended_fire TIMESTAMP WITH TIME ZONE NOT NULL,
  fire_key      BIGINT                   NULL,
  replay_of     BIGINT                   NULL,
  status        VARCHAR(16)              NOT NULL,
  reason        VARCHAR(16)              NULL,
  error_json    CHARACTER VARYING        NULL,
  requested_by  VARCHAR(200)             NOT NULL,
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  started_at    TIMESTAMP WITH TIME ZONE NULL,
  ended_at      TIMESTAMP WITH TIME ZONE NULL,
  attempts      INTEGER                  NOT NULL DEFAULT 0,
  last_seq      BIGINT                   NOT NULL DEFAULT 0,
  CONSTRAINT pk_cs_run PRIMARY KEY (job_id, run_no),
  CONSTRAINT uq_cs_run_fire UNIQUE (job_id, fire_key),
  CONSTRAINT ck_cs_run_kind CHECK (kind IN ('scheduled', 'catch_up', 'manual', 'replay')),
  CONSTRAINT ck_cs_run_fire_key CHECK ((kind IN ('scheduled', 'catch_up') AND fire_key IS NOT NULL)
    OR (kind IN ('manual', 'replay') AND fire_key IS NULL)),
  CONSTRAINT ck_cs_run_status CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'timed_out',
    'cancelled', 'skipped', 'abandoned')),
  CONSTRAINT ck_cs_run_reason CHECK (reason IS NULL OR reason IN ('operator', 'superseded', 'shutdown'))
);

-- History newest first is the primary key read backwards. Active runs per job (and cluster-wide):
-- H2 has no partial indexes, so the status leads.
CREATE INDEX idx_cs_run_active ON cs_run (status, job_id, run_no);

-- One row per attempt. ended_at IS NULL while it runs; owner heartbeats heartbeat_at.
CREATE TABLE cs_attempt
(
  job_id       VARCHAR(63)              NOT NULL,
  run_no       BIGINT                   NOT NULL,
  attempt_no   INTEGER                  NOT NULL,
  kind         VARCHAR(16)              NOT NULL,
  owner        VARCHAR(200)             NOT NULL,
  started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL,
  ended_at     TIMESTAMP WITH TIME ZONE NULL,
  outcome      VARCHAR(16)              NULL,
  exit_code    INTEGER                  NULL,
  detail       CHARACTER VARYING        NULL,
  superseded   BOOLEAN                  NOT NULL DEFAULT FALSE,
  CONSTRAINT pk_cs_attempt PRIMARY KEY (job_id, run_no, attempt_no),
  CONSTRAINT fk_cs_attempt_run FOREIGN KEY (job_id, run_no) REFERENCES cs_run (job_id, run_no) ON DELETE CASCADE,
  CONSTRAINT ck_cs_attempt_kind CHECK (kind IN ('first', 'retry', 'recovery')),
  CONSTRAINT ck_cs_attempt_outcome CHECK (outcome IS NULL OR outcome IN ('succeeded', 'failed', 'timed_out',
    'cancelled', 'abandoned'))
);

-- Stale running attempts (abandonStale) and an owner's running attempts (heartbeat).
CREATE INDEX idx_cs_attempt_stale ON cs_attempt (ended_at, heartbeat_at);
CREATE INDEX idx_cs_attempt_owner ON cs_attempt (owner, ended_at);

-- A run's events, ordered by seq (1, 2, 3 … per run, gap-free). attempt_no 0 = the run as a whole.
CREATE TABLE cs_event
(
  job_id      VARCHAR(63)              NOT NULL,
  run_no      BIGINT                   NOT NULL,
  seq         BIGINT                   NOT NULL,
  occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
  attempt_no  INTEGER                  NOT NULL,
  event_type  VARCHAR(64)              NOT NULL,
  message     CHARACTER VARYING        NOT NULL,
  data_json   CHARACTER VARYING        NOT NULL,
  CONSTRAINT pk_cs_event PRIMARY KEY (job_id, run_no, seq),
  CONSTRAINT fk_cs_event_run FOREIGN KEY (job_id, run_no) REFERENCES cs_run (job_id, run_no) ON DELETE CASCADE
);
