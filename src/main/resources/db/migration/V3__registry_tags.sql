-- The Azure resource tags of each container registry (owner, team, …), read by the Resource Graph
-- source, for ownership rules that match on them.
CREATE TABLE registry_tags (
    registry_host VARCHAR(256)  PRIMARY KEY,
    resource_id   VARCHAR(1024),
    tags          VARCHAR(4000) NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
