package ai.thinkheads.droptrace.ingest.replay;

/**
 * What an ingest run did with its input: every line read ends up as exactly one of parsed, status,
 * dead-lettered or blank, so {@code read == parsed + status + deadLettered + blank} always holds.
 *
 * @param blank lines with nothing in them (empty or white space): counted, nothing sent
 * @param skippedByLogger entries the firewall logger itself reported dropping (queue full)
 */
public record IngestCounts(long read, long parsed, long status, long deadLettered, long blank, long skippedByLogger,
        long sent, long acknowledged) {

    public IngestCounts {
        if (read != parsed + status + deadLettered + blank) {
            throw new IllegalArgumentException("counts do not add up: read " + read + " != parsed " + parsed
                    + " + status " + status + " + dead-lettered " + deadLettered + " + blank " + blank);
        }
    }
}
