package dev.gale.launcher.os;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import org.slf4j.Logger;

/**
 * The open-file limit, which caps the connections a process can hold (each is a file descriptor). HotSpot raises
 * the soft limit to the hard one as it starts (-XX:+MaxFDLimit, on by default); this reads the result and warns
 * when it is low, with the three remedies of Tornado's guide.
 */
public final class OpenFiles {
    /** Below this, a busy server runs out of descriptors: threads, connections, files and the JVM's own. */
    static final long ENOUGH = 4096;

    private OpenFiles() {}

    /** The limit in force, or -1 where the platform does not say. */
    public static long limit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
    }

    public static void check(Logger log) {
        long limit = limit();
        if (limit >= 0 && limit < ENOUGH) {
            log.warn(
                    "The open-file limit is {}; a busy server needs {} or more: raise it with 'ulimit -n', in "
                            + "/etc/security/limits.conf, or with supervisord's minfds",
                    limit,
                    ENOUGH);
        }
    }
}
