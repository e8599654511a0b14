package dev.fixline.finding;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param rowsInMemory how many rows of one sweep are held in memory while it is read. Up to this many, a
 *                     repository the sweep shows unchanged has none of its rows written (only its last
 *                     sighting moves), and one that changed is diffed without reading its rows back; beyond
 *                     it, every row is written as it is read. Each held row takes about 0.5 KB of heap
 *                     (measured on Defender-shaped rows); 0 writes every row
 */
@ConfigurationProperties("fixline.sweep")
public record SweepProperties(@DefaultValue("200000") int rowsInMemory) {

    public SweepProperties {
        if (rowsInMemory < 0) {
            throw new IllegalArgumentException("fixline.sweep.rows-in-memory must not be negative, was "
                    + rowsInMemory);
        }
    }
}
