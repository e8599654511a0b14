package dev.fixline.sla;

import java.util.Set;

/** CVEs a refresh of the KEV catalog listed that the catalog in use before did not. */
public record KevListingsAdded(Set<String> cveIds) {
}
