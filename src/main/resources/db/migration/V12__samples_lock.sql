-- Nodes that start together on a fresh database take turns on this row, so that only the first one
-- imports the samples (see SampleLoader); the others find its sweeps and skip them.
INSERT INTO sweep_lock (scope) VALUES ('samples');
