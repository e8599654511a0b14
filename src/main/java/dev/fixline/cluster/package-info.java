/**
 * What the nodes of a Fixline cluster coordinate through the database: locks ({@link
 * dev.fixline.cluster.ClusterLocks}) and shared values ({@link dev.fixline.cluster.ClusterSettings}). A
 * leaf: it depends on nothing of Fixline's, and owns the tables {@code sweep_lock} and
 * {@code fixline_setting}.
 */
package dev.fixline.cluster;
