-- Fewer indexes on Quartz's two hottest tables (docs/performance.md, tuning 17). Every fire
-- updates its QRTZ_TRIGGERS row (next fire time and state: both indexed, so never a HOT update)
-- and inserts then deletes a QRTZ_FIRED_TRIGGERS row, and each index of the table takes an entry
-- for each of those writes, under Quartz's TRIGGER_ACCESS lock for the trigger. Quartz's schema
-- ships 13 indexes on QRTZ_TRIGGERS and 6 on QRTZ_FIRED_TRIGGERS; every statement Quartz's
-- StdJDBCDelegate and Cronstone run on them filters by one of the indexes kept here:
--   QRTZ_TRIGGERS:  primary key (name, group), IDX_QRTZ_T_J (job), IDX_QRTZ_T_N_G_STATE (group,
--                   state), IDX_QRTZ_T_NFT_ST (state, next fire time: acquisition, misfires,
--                   state changes).
--   QRTZ_FIRED_TRIGGERS: primary key (entry), IDX_QRTZ_FT_TRIG_INST_NAME (instance: recovery),
--                   IDX_QRTZ_FT_J_G (job), IDX_QRTZ_FT_T_G (trigger).
-- What goes is either a prefix of a kept index (T_G, T_STATE, T_N_STATE, FT_INST_JOB_REQ_RCVRY),
-- or serves no statement Cronstone's nodes run: calendars (T_C; Cronstone defines none), job or
-- trigger groups alone (T_JG, FT_JG, FT_TG), and the misfire-first orders (T_NEXT_FIRE_TIME,
-- T_NFT_MISFIRE, T_NFT_ST_MISFIRE, T_NFT_ST_MISFIRE_GRP; Quartz's misfire scan filters by state,
-- which IDX_QRTZ_T_NFT_ST serves).
DROP INDEX IDX_QRTZ_T_JG;
DROP INDEX IDX_QRTZ_T_C;
DROP INDEX IDX_QRTZ_T_G;
DROP INDEX IDX_QRTZ_T_STATE;
DROP INDEX IDX_QRTZ_T_N_STATE;
DROP INDEX IDX_QRTZ_T_NEXT_FIRE_TIME;
DROP INDEX IDX_QRTZ_T_NFT_MISFIRE;
DROP INDEX IDX_QRTZ_T_NFT_ST_MISFIRE;
DROP INDEX IDX_QRTZ_T_NFT_ST_MISFIRE_GRP;
DROP INDEX IDX_QRTZ_FT_INST_JOB_REQ_RCVRY;
DROP INDEX IDX_QRTZ_FT_JG;
DROP INDEX IDX_QRTZ_FT_TG;
