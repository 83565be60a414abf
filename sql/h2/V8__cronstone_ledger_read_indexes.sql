-- Reads that stay fast as the ledger grows (every run is kept by default: 100 jobs every minute
-- make 2,000,000 runs in two weeks). Each read of a job's runs is a short range of one index, never
-- a pass over the job's whole history.
--
-- idx_cs_run_status: the newest run of a given status per job ("last success" in the job list, the
-- job page and the metrics) and history filtered by status, read backwards from (job, status).
-- The newest run of any status is the primary key (job_id, run_no) read backwards.
CREATE INDEX idx_cs_run_status ON cs_run (job_id, status, run_no);

-- idx_cs_run_ended: prune and retention by age (ended before a cutoff), a range per job.
CREATE INDEX idx_cs_run_ended ON cs_run (job_id, ended_at);
