package ai.thinkheads.droptrace.probes.http;

import ai.thinkheads.droptrace.probes.run.Finding;

/**
 * One GET, by Java from here or by {@code curl} in a guest: a response, or the finding that says
 * why there is none (connect, TLS or response failure). The first fetch of a probe also carries
 * the connect/TLS finding (timings, TLS details) that the probe's result is built on.
 */
public record Fetch(HttpResponse response, Finding transport) {

    public boolean ok() {
        return response != null;
    }

    /** Something that fetches a path ({@code /provisioners?cursor=...}) of the probe's target. */
    @FunctionalInterface
    public interface Fetcher {
        Fetch get(String target);
    }
}
