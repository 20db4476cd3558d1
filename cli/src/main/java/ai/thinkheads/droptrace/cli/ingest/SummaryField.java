package ai.thinkheads.droptrace.cli.ingest;

/**
 * One count of a summary or stats line beyond the line counts: its JSON key ({@code udpDatagramsDropped}, for
 * scripts) and the words the text shows ({@code udp datagrams dropped (queue to Kafka full)}).
 */
public record SummaryField(String key, String label) {

    public SummaryField {
        if (key == null || !key.matches("[a-z][A-Za-z0-9]*") || label == null || label.isBlank()) {
            throw new IllegalArgumentException("a summary field needs a camelCase key and a label: " + key);
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
