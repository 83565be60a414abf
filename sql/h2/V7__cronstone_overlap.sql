-- Concurrency (design section 4: maxConcurrent and overlap), on the run's row.
--
-- cancel_reason: why a cancel was requested: 'operator' (jobs cancel) or 'superseded' (overlap
-- replace: a newer run of the job took its slot). NULL = operator (requests made before V7).
-- slot_wait_at: overlap queue: the run is THE waiting run of its job (at most one per job), queued
-- since this instant until a slot frees. Every other change of the run clears it.
ALTER TABLE cs_run ADD COLUMN cancel_reason VARCHAR(16) NULL;
ALTER TABLE cs_run ADD COLUMN slot_wait_at TIMESTAMP WITH TIME ZONE NULL;
