package ai.thinkheads.droptrace.probes.config;

import java.time.Duration;

/**
 * Defaults for every probe.
 *
 * @param jitter the fraction of the interval by which each run is shifted at random (0-0.5)
 * @param concurrency how many probes run at the same time at most
 */
public record DefaultsConfig(Duration interval, Duration timeout, Double jitter, Integer concurrency) {

    public static final DefaultsConfig DEFAULT = new DefaultsConfig(null, null, null, null);

    public DefaultsConfig {
        interval = interval == null ? Duration.ofSeconds(60) : interval;
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        jitter = jitter == null ? 0.1 : jitter;
        concurrency = concurrency == null ? 16 : concurrency;
        Durations.requireInterval(interval);
        Durations.requireTimeout(timeout);
        if (jitter < 0 || jitter > 0.5) {
            throw new IllegalArgumentException("jitter must be between 0 and 0.5, was " + jitter);
        }
        if (concurrency < 1 || concurrency > 512) {
            throw new IllegalArgumentException("concurrency must be 1-512, was " + concurrency);
        }
    }
}
