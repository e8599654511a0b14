/**
 * Bounds on what one input may cost ({@code fixline.limits.*}), checked while it is read; the handling of
 * control characters and of ASCII case in values from outside; and the rule that a JVM error ends the process.
 */
package dev.fixline.limits;
