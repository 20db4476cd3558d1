package ai.thinkheads.droptrace.cli.up;

import ai.thinkheads.droptrace.cli.correlate.CorrelateCommand;
import ai.thinkheads.droptrace.ingest.receive.AllowedSenders;
import java.time.Duration;
import java.util.List;

/**
 * What {@code droptrace up} runs, from one YAML file (read strictly: an unknown key is an error).
 * Every section may be left out; its defaults apply. Relative paths are relative to the file.
 *
 * @param namespace the topic namespace (default {@code live})
 * @param stateDir where the correlator's state, the embedded broker's data and the tail positions live
 */
public record UpConfig(String namespace, String stateDir, Kafka kafka, Tail tail, Syslog syslog, Firewall firewall,
        Probes probes, Correlator correlator, Duration statsEvery) {

    public UpConfig {
        if (statsEvery != null && (statsEvery.isNegative()
                || !statsEvery.isZero() && statsEvery.compareTo(Duration.ofSeconds(1)) < 0)) {
            throw new IllegalArgumentException("statsEvery must be at least 1s, or 0s for never");
        }
        kafka = kafka == null ? new Kafka(null, null, null, null) : kafka;
        firewall = firewall == null ? new Firewall(null, null, null, null, null, null, null) : firewall;
        correlator = correlator == null ? new Correlator(null, null, null, null, null, null, null, null, null) : correlator;
    }

    /**
     * Kafka: a cluster ({@code bootstrapServers}) or, without one, an embedded single-node broker.
     *
     * @param port the embedded broker's port (default 9092; 0 picks a free one)
     * @param partitions partitions of the topics {@code up} creates (default 3)
     * @param config the cluster's client settings (TLS, SASL, ...), as {@code --kafka-config}
     */
    public record Kafka(String bootstrapServers, Integer port, Integer partitions, String config) {
        public Kafka {
            checkPort("kafka.port", port);
            if (partitions != null && (partitions < 1 || partitions > MAX_PARTITIONS)) {
                throw new IllegalArgumentException("kafka.partitions must be 1-" + MAX_PARTITIONS + " (Kafka creates at most "
                        + "10000 partitions in one request, and the correlator creates its " + CORRELATOR_TOPICS
                        + " internal topics, as many partitions each, in one), was " + partitions);
            }
        }

        /** The correlator's repartition and changelog topics, which Kafka Streams creates in one request. */
        static final int CORRELATOR_TOPICS = CorrelateCommand.CORRELATOR_TOPICS;
        /** As {@code correlate --partitions}: Kafka creates at most 10000 partitions in one request. */
        static final int MAX_PARTITIONS = CorrelateCommand.MAX_PARTITIONS;
    }

    /**
     * Log files followed into Kafka (the ingest module's tail: rotation, a durable position in
     * {@code <stateDir>/tail}).
     *
     * @param files the files (default: {@code /var/log/pve-firewall.log} when the section is given without files; an
     *     empty list is an error)
     * @param poll how often to look for new lines and rotation (default 200 ms; 1 ms to 60 s, as {@code ingest tail --poll})
     * @param fromEnd a file followed for the first time (no stored position) is read from its end, not its
     *     start: only lines written from now on (default false)
     */
    public record Tail(List<String> files, Duration poll, Boolean fromEnd) {
        public Tail {
            if (files != null && files.isEmpty()) { // the default file would be followed though the list says none
                throw new IllegalArgumentException("tail.files is empty: name the files to follow, or leave the tail "
                        + "section out");
            }
            files = files == null ? List.of("/var/log/pve-firewall.log") : List.copyOf(files);
            // as ingest tail's --poll: 0 would look at the files without a pause (a core busy for nothing)
            if (poll != null && (poll.compareTo(Duration.ofMillis(1)) < 0 || poll.compareTo(Duration.ofSeconds(60)) > 0)) {
                throw new IllegalArgumentException("tail.poll must be 1ms to 60s");
            }
        }
    }

    /**
     * Syslog receivers (the ingest module's; RFC 3164/5424, LF or octet-counting framing over TCP).
     * For TLS receivers run {@code droptrace ingest listen --tls} beside it.
     *
     * @param bind the address to listen on (default 127.0.0.1)
     * @param udp the UDP port, or none
     * @param tcp the TCP port, or none
     * @param allow the senders messages are taken from (addresses or networks); none given: every sender
     */
    public record Syslog(String bind, Integer udp, Integer tcp, List<String> allow) {
        public Syslog {
            if (udp == null && tcp == null) {
                throw new IllegalArgumentException("a syslog section needs a udp or a tcp port");
            }
            checkPort("syslog.udp", udp);
            checkPort("syslog.tcp", tcp);
            allow = allow == null ? List.of() : List.copyOf(allow);
            try {
                AllowedSenders.of(allow);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("syslog.allow: " + e.getMessage(), e);
            }
        }

        /** The senders allowed. */
        public AllowedSenders allowed() {
            return AllowedSenders.of(allow);
        }
    }

    /**
     * The firewall configuration, published as a new ruleset version whenever it changes.
     *
     * @param configDir the Proxmox configuration directory (default {@code /etc/pve})
     * @param phoenixEtc instead, a Phoenix {@code etc/} folder whose JSON the Phoenix generator turns into {@code .fw} files
     * @param generator with {@code phoenixEtc}: {@code new} (default) or {@code old}
     * @param checkEvery how often the directory is read again (default 10 s)
     */
    public record Firewall(String configDir, String phoenixEtc, String generator, String node, List<String> hostAddresses,
            String localNetwork, Duration checkEvery) {
        public Firewall {
            if (configDir != null && phoenixEtc != null) {
                throw new IllegalArgumentException("firewall: give configDir or phoenixEtc, not both");
            }
            if (generator != null && phoenixEtc == null) {
                throw new IllegalArgumentException("firewall.generator works with firewall.phoenixEtc only (it says which "
                        + "Phoenix generator turns the JSON into .fw files; a Proxmox directory is read as it is)");
            }
            hostAddresses = hostAddresses == null ? List.of() : List.copyOf(hostAddresses);
            if (checkEvery != null && checkEvery.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("firewall.checkEvery must be at least 1s");
            }
        }
    }

    /**
     * The probes to run (the probe configuration file of {@code droptrace probe run}); their flows
     * must work, so a drop on one is a critical alert.
     */
    public record Probes(String config, Integer concurrency) {
        public Probes {
            if (config == null || config.isBlank()) {
                throw new IllegalArgumentException("probes.config is required in a probes section");
            }
            if (concurrency != null && (concurrency < 1 || concurrency > 512)) { // as probe run --concurrency
                throw new IllegalArgumentException("probes.concurrency must be 1-512");
            }
        }
    }

    /** The correlator and its query API; the options of {@code droptrace correlate}. */
    public record Correlator(String apiAddress, Integer apiPort, String apiAdvertise, Duration grace, Duration cooldown,
            Duration verdictWindow, Duration verdictGrace, String guarantee, List<String> mustWork) {
        public Correlator {
            mustWork = mustWork == null ? List.of() : List.copyOf(mustWork);
            checkPort("correlator.apiPort", apiPort);
        }
    }

    /** {@code port} ({@code null}: not given) within 0-65535, else an error naming {@code key}. */
    private static void checkPort(String key, Integer port) {
        if (port != null && (port < 0 || port > 65535)) {
            throw new IllegalArgumentException(key + " must be 0-65535");
        }
    }
}
