-- What command tasks printed, per attempt, as the node read it (docs/runs.md, "Output"): chunks of
-- whole lines (a line longer than 8 KB in pieces), secrets masked, at most artifacts.maxOutputBytes
-- per stream and attempt, then a truncation mark. seq numbers an attempt's chunks of both streams
-- in the order they were read (1, 2, 3 ...); a reader's offset is the last seq it has. Written in
-- batches by each node's output flusher; an attempt that prints nothing has no rows. Pruned with
-- its run.
CREATE TABLE cs_output
(
  job_id     VARCHAR(63)              NOT NULL,
  run_no     BIGINT                   NOT NULL,
  attempt_no INTEGER                  NOT NULL,
  seq        INTEGER                  NOT NULL,
  stream     VARCHAR(6)               NOT NULL,
  chunk      TEXT                     NOT NULL,
  written_at TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT pk_cs_output PRIMARY KEY (job_id, run_no, attempt_no, seq),
  CONSTRAINT fk_cs_output_run FOREIGN KEY (job_id, run_no) REFERENCES cs_run (job_id, run_no) ON DELETE CASCADE,
  CONSTRAINT ck_cs_output_stream CHECK (stream IN ('stdout', 'stderr'))
);
