package ai.thinkheads.droptrace.cli.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * What a stop of {@code ingest listen} lost, counted in its summary: records Kafka refused or did not acknowledge,
 * frames and datagrams read but not sent to Kafka, bytes senders had sent that were not read. Any of them makes the
 * stop unclean: one line saying so ends the output, and the exit status is not the one of a clean stop.
 *
 * @param refusal the first refusal's reason, or {@code null}
 */
record ListenStopLosses(long refused, String refusal, long notAcknowledged, long framesNotSent, long datagramsNotSent,
        long bytesUnread) {

    /** Whether the stop lost anything. */
    boolean any() {
        return refused > 0 || notAcknowledged > 0 || framesNotSent > 0 || datagramsNotSent > 0 || bytesUnread > 0;
    }

    /** The last line of the output (without its {@code droptrace: } prefix), or {@code null} when nothing was lost. */
    String line() {
        String refusedPart = String.format("Kafka did not accept %,d record(s)%s", refused,
                refusal == null ? "" : " (" + refusal + ")");
        if (refused > 0 && notAcknowledged == 0 && framesNotSent == 0 && datagramsNotSent == 0 && bytesUnread == 0) {
            return refusedPart + "; they are lost (see the summary and the error logged when it refused the first)";
        }
        List<String> parts = new ArrayList<>();
        if (notAcknowledged > 0) {
            parts.add(String.format("%,d record(s) Kafka did not acknowledge within 15 s", notAcknowledged));
        }
        if (framesNotSent > 0) {
            parts.add(String.format("%,d tcp and tls frame(s) read but not sent to Kafka", framesNotSent));
        }
        if (datagramsNotSent > 0) {
            parts.add(String.format("%,d udp datagram(s) received but not sent to Kafka", datagramsNotSent));
        }
        if (bytesUnread > 0) {
            parts.add(String.format("%,d byte(s) senders had sent, not read", bytesUnread));
        }
        if (refused > 0) {
            parts.add(String.format("%,d record(s) Kafka refused%s", refused, refusal == null ? "" : " (" + refusal + ")"));
        }
        return parts.isEmpty() ? null : "the stop lost " + String.join(", ", parts) + " (see the summary)";
    }
}
