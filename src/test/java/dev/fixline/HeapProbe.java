package dev.fixline;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;

/**
 * What the JVM under test spent on a request: the bytes its threads allocated (whatever the garbage collector
 * did meanwhile, so the figure does not depend on when it ran), the heap's peak, and the heap in use after a
 * collection. The server runs in the test's JVM, so these are the server's figures.
 */
public final class HeapProbe {

    private final long allocatedBefore;

    private HeapProbe() {
        ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .forEach(MemoryPoolMXBean::resetPeakUsage);
        allocatedBefore = allocated();
    }

    public static HeapProbe start() {
        return new HeapProbe();
    }

    /** Bytes allocated by all live threads since {@link #start()}. */
    public long allocatedSince() {
        return allocated() - allocatedBefore;
    }

    /** The sum of the heap pools' peaks since {@link #start()}. */
    public static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    /** The heap in use after a full collection (as near as {@code System.gc()} gets). */
    public static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long allocated() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        return Arrays.stream(threads.getThreadAllocatedBytes(ids)).filter(b -> b > 0).sum();
    }

    public static String mb(long bytes) {
        return String.format("%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
