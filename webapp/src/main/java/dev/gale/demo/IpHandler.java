package dev.gale.demo;

import dev.gale.web.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /ip}: the client's address, scheme and host as the app sees them. */
public final class IpHandler extends RequestHandler {
    @Override
    protected void get() {
        Map<String, String> seen = new LinkedHashMap<>();
        seen.put("remote_ip", remoteIp());
        seen.put("protocol", protocol());
        seen.put("host", host());
        write(seen);
    }
}
