-- The API's generated and rotated bearer tokens, one set for the whole cluster: every node behind
-- one balancer accepts every live token here (docs/api.md, "Tokens"). Only the SHA-256 digest of a
-- token is kept (lowercase hex): the plain token is shown once, by the node that generated it (in
-- its token file) or by `jobs api-token rotate`. A token is live until expires_at (NULL: no end);
-- rotation sets the end of the old ones, revoke deletes the row. created_by names the node or OS
-- user that made it. Tokens configured in scheduler.yaml (api.token, api.tokens) are not kept here.
CREATE TABLE cs_api_token
(
  name       VARCHAR(64)              NOT NULL,
  token_hash VARCHAR(64)              NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NULL,
  created_by VARCHAR(200)             NOT NULL,
  CONSTRAINT pk_cs_api_token PRIMARY KEY (name),
  CONSTRAINT uq_cs_api_token_hash UNIQUE (token_hash)
);
