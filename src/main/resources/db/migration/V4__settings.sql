-- Small facts Fixline remembers between starts, such as the fingerprint of the SLA policy in force.
CREATE TABLE fixline_setting (
    setting_name  VARCHAR(100)  PRIMARY KEY,
    setting_value VARCHAR(4000) NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO sweep_lock (scope) VALUES ('sla-policy');
