package ai.thinkheads.droptrace.probes.publish;

import ai.thinkheads.droptrace.core.probe.ProbeResult;

/** Somewhere results go: the probe-results topic, a JSON-lines file, the terminal. */
public interface ResultSink extends AutoCloseable {

    void accept(ProbeResult result);

    /** Makes sure everything accepted so far is written; throws when something was not. */
    default void flush() {
    }

    @Override
    default void close() {
    }
}
