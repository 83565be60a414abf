-- Retries and cancel (design section 4), on the run's row.
--
-- retry_at: the run is waiting for a retry attempt due at this instant (its attempts have all ended,
-- a one-shot trigger in the store starts the next one). NULL otherwise; every other change of the
-- run clears it.
-- cancel_requested_at / cancel_requested_by: `jobs cancel` asked for the run to stop (who: the OS
-- user, or the API token's name). The node that owns the running attempt sees it at its next
-- heartbeat and stops the attempt; a queued run or a run waiting for a retry is cancelled at once.
ALTER TABLE cs_run ADD COLUMN retry_at TIMESTAMP WITH TIME ZONE NULL;
ALTER TABLE cs_run ADD COLUMN cancel_requested_at TIMESTAMP WITH TIME ZONE NULL;
ALTER TABLE cs_run ADD COLUMN cancel_requested_by VARCHAR(200) NULL;
