-- PostgreSQL's guards of V19 have no H2 counterpart: on H2 the chain shows a truncated log or a reset head.
SELECT 1;
