package ai.thinkheads.droptrace.probes.config;

/**
 * A named trust anchor: a PEM file of one or more CA certificates (the Step-CA root exported to
 * the NFS share), or the system store ({@code system: true}: the JDK's default trust store, or the
 * PEM bundle in {@code file} when given together).
 */
public record TrustConfig(String file, Boolean system) {

    public TrustConfig {
        system = system != null && system;
        if (file == null && !system) {
            throw new IllegalArgumentException("a trust anchor needs a PEM file or system: true");
        }
    }
}
