package ai.thinkheads.droptrace.cli.common;

import ai.thinkheads.droptrace.core.topic.Namespace;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@link OutputOptions} and where in Kafka: {@code --bootstrap-servers} and {@code --namespace}. */
public final class KafkaOptions extends OutputOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka to use. Default: an embedded single-node broker started for this command.")
    private String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Client settings for the cluster of --bootstrap-servers, as Java properties "
                    + "(security.protocol, ssl.truststore.location, sasl.mechanism, sasl.jaas.config, ...), given to "
                    + "every Kafka client droptrace makes.")
    private Path kafkaConfig;

    @Option(names = "--namespace", paramLabel = "NAME", descriptionKey = "namespace",
            description = "Topic namespace: topics are droptrace.<NAME>.<topic>. Default: live.")
    private String namespace;

    /** The {@code --kafka-config} file, or {@code null}. */
    public Path kafkaConfig() {
        return kafkaConfig;
    }

    /** The bootstrap servers given, or {@code null} for the embedded broker. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Namespace namespace() {
        return namespaceOr(Namespace.LIVE.name());
    }

    /** The namespace given, or {@code fallback} when none was; a bad name is a usage error. */
    public Namespace namespaceOr(String fallback) {
        String name = namespace == null ? fallback : namespace;
        try {
            return Namespace.of(name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec().commandLine(), e.getMessage());
        }
    }

    public boolean namespaceGiven() {
        return namespace != null;
    }
}
