package ai.thinkheads.droptrace.ingest.replay;

/**
 * What an ingest run did with its input: every line read ends up as exactly one of parsed, status,
 * dead-lettered, blank or outside the window, so {@code read == parsed + status + deadLettered + blank +
 * outsideWindow} always holds.
 *
 * @param blank lines with nothing in them (empty or white space): counted, nothing sent
 * @param outsideWindow lines a replay left out for their time ({@code --from}, {@code --until})
 * @param skippedByLogger entries the firewall logger itself reported dropping (queue full)
 */
public record IngestCounts(long read, long parsed, long status, long deadLettered, long blank, long outsideWindow,
        long skippedByLogger, long sent, long acknowledged) {

    public IngestCounts {
        if (read != parsed + status + deadLettered + blank + outsideWindow) {
            throw new IllegalArgumentException("counts do not add up: read " + read + " != parsed " + parsed
                    + " + status " + status + " + dead-lettered " + deadLettered + " + blank " + blank
                    + " + outside the window " + outsideWindow);
        }
    }
}
