-- On H2 no trigger guards the governance log (H2's triggers are Java classes in the database's class path);
-- Fixline never updates a sealed event nor deletes one, and the hash chain shows any change made outside it.
SELECT 1;
