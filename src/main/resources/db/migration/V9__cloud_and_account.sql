-- Where a finding's registry lives: the cloud (azure, aws or gcp; Defender reaches AWS and GCP
-- registries through security connectors) and the account in it (Azure subscription, AWS account id,
-- GCP project id), for ownership rules that match on them. Every row before this was Azure's.
ALTER TABLE observation ADD COLUMN cloud VARCHAR(8);
ALTER TABLE observation ADD COLUMN account VARCHAR(128);
ALTER TABLE finding ADD COLUMN cloud VARCHAR(8);
ALTER TABLE finding ADD COLUMN account VARCHAR(128);
UPDATE observation SET cloud = 'azure', account = subscription_id WHERE cloud IS NULL;
UPDATE finding SET cloud = 'azure', account = subscription_id WHERE cloud IS NULL;
