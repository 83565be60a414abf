-- Serialises the writers of job definitions across processes: spec sync (a node's start-up sync,
-- `jobs sync`) and pause/resume hold SELECT ... FOR UPDATE on the 'sync' row in a transaction of
-- their own while they change Quartz jobs, triggers and cs_job. Two nodes starting at once, or a
-- node and the CLI, therefore never interleave their plans. Quartz's own writes still use their
-- own connections and QRTZ_LOCKS.
CREATE TABLE cs_lock
(
  lock_name VARCHAR(40) NOT NULL,
  CONSTRAINT pk_cs_lock PRIMARY KEY (lock_name)
);

INSERT INTO cs_lock (lock_name) VALUES ('sync');

-- Who last wrote a job's spec (the OS user of `jobs sync`, or the node id of a start-up sync), and
-- who resumed it last and when (paused_by and paused_at say who paused it and when).
ALTER TABLE cs_job ADD COLUMN synced_by VARCHAR(200) NULL;
ALTER TABLE cs_job ADD COLUMN resumed_by VARCHAR(200) NULL;
ALTER TABLE cs_job ADD COLUMN resumed_at TIMESTAMP WITH TIME ZONE NULL;
