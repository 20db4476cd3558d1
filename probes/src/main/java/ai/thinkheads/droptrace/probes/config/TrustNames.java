package ai.thinkheads.droptrace.probes.config;

/** Trust anchor names with a fixed meaning. */
public final class TrustNames {

    /** The system store: always defined, even when the configuration does not list it. */
    public static final String SYSTEM = "system";

    private TrustNames() {
    }
}
