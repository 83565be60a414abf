-- The store's identity: one row holding a random id, created once by the first node or command that
-- asks for it (StoreIdentity). Artifact folders carry the id of the store they belong to in
-- <artifacts.dir>/.cronstone-store, so a second store pointed at the same folder is refused instead
-- of overwriting the first one's runs (docs/runs.md, "One store per artifacts folder").
CREATE TABLE cs_store
(
  singleton  CHAR(1)                  NOT NULL DEFAULT 'x',
  store_id   VARCHAR(64)              NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT pk_cs_store PRIMARY KEY (singleton),
  CONSTRAINT ck_cs_store_singleton CHECK (singleton = 'x')
);
