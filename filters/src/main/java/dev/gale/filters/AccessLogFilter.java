package dev.gale.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the {@code gale.access} logger, as Tornado's: {@code 200 GET /path?q (1.2.3.4) 0.52ms}.
 * Successes and redirects at INFO, client errors at WARN, server errors at ERROR.
 */
final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger("gale.access");

    private AccessLog() {}

    static void log(int status, String method, String uri, String remoteIp, long startNanos) {
        boolean enabled = status < 400 ? LOG.isInfoEnabled() : status < 500 ? LOG.isWarnEnabled() : LOG.isErrorEnabled();
        if (!enabled) {
            return;
        }
        long micros = (System.nanoTime() - startNanos) / 1000;
        StringBuilder line = new StringBuilder(64)
                .append(status).append(' ').append(method).append(' ').append(uri)
                .append(" (").append(remoteIp).append(") ")
                .append(micros / 1000).append('.');
        long hundredths = micros % 1000 / 10;
        if (hundredths < 10) {
            line.append('0');
        }
        line.append(hundredths).append("ms");
        if (status < 400) {
            LOG.info(line.toString());
        } else if (status < 500) {
            LOG.warn(line.toString());
        } else {
            LOG.error(line.toString());
        }
    }
}
