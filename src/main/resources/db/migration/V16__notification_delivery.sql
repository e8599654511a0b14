-- Mails people read: an HTML part beside the text, the person and team a notification is for (reads are scoped by
-- them), the links it carries, and how it is delivered: at once, or gathered into a daily or weekly digest
-- (digest_key names the digest that carried it). attempts/last_error show failed sends and retries;
-- claimed_at marks a mail the outbox itself delivers (a digest, or one kept while SMTP was not configured).
ALTER TABLE notification ALTER COLUMN body SET DATA TYPE VARCHAR(200000);
ALTER TABLE notification ADD COLUMN html_body VARCHAR(400000);
ALTER TABLE notification ADD COLUMN person VARCHAR(256);
ALTER TABLE notification ADD COLUMN team VARCHAR(256);
ALTER TABLE notification ADD COLUMN case_url VARCHAR(2048);
ALTER TABLE notification ADD COLUMN ticket_url VARCHAR(2048);
ALTER TABLE notification ADD COLUMN delivery VARCHAR(16) DEFAULT 'NOW' NOT NULL;
ALTER TABLE notification ADD COLUMN digest_key VARCHAR(256);
ALTER TABLE notification ADD COLUMN attempts INT DEFAULT 0 NOT NULL;
ALTER TABLE notification ADD COLUMN last_error VARCHAR(512);
ALTER TABLE notification ADD COLUMN last_attempt_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE notification ADD COLUMN claimed_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX notification_waiting_idx ON notification (channel, digest_key);
CREATE INDEX notification_person_idx ON notification (person);
CREATE INDEX notification_team_idx ON notification (team);
INSERT INTO sweep_lock (scope) VALUES ('digests');
INSERT INTO sweep_lock (scope) VALUES ('mail-backlog');
