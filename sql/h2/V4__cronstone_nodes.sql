-- Cronstone's node registry (design section 4, "Cluster safety"): every node that starts on this
-- store registers here, checks in every cluster.checkinInterval and marks itself stopped on a
-- clean stop. A node refuses to start non-clustered while another node is alive, or clustered
-- while a non-clustered node is alive, or under the id of a live node. last_seen_at is written
-- from the node's own clock, like Quartz's QRTZ_SCHEDULER_STATE.LAST_CHECKIN_TIME.
-- incarnation tells two starts under one node id apart (a UUID per start).
CREATE TABLE cs_node
(
  node_id             VARCHAR(200)             NOT NULL,
  incarnation         VARCHAR(36)              NOT NULL,
  host                VARCHAR(255)             NOT NULL,
  pid                 BIGINT                   NOT NULL,
  clustered           BOOLEAN                  NOT NULL,
  checkin_interval_ms BIGINT                   NOT NULL,
  tzdb_version        VARCHAR(32)              NOT NULL,
  cronstone_version   VARCHAR(64)              NOT NULL,
  started_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  last_seen_at        TIMESTAMP WITH TIME ZONE NOT NULL,
  stopped_at          TIMESTAMP WITH TIME ZONE NULL,
  CONSTRAINT pk_cs_node PRIMARY KEY (node_id)
);
