-- The jobs an operator (or a Quartz client, recorded as 'quartz') paused: a node compares them with
-- their schedule triggers' states every check-in interval (docs/quartz-interop.md), so that read
-- must not scan every job. H2 has no partial indexes: the flag leads the index.
CREATE INDEX idx_cs_job_paused ON cs_job (paused, job_id);
