package ai.thinkheads.droptrace.probes.tcp;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.probes.exec.CommandOutput;
import ai.thinkheads.droptrace.probes.run.Finding;
import java.time.Duration;
import java.util.Locale;

/**
 * Classifies the connect part of a guest tool's output ({@code nc}, {@code openssl s_client},
 * {@code curl}, {@code dig}) into the same taxonomy as {@link TcpConnect}, from the system error
 * texts the tools print.
 */
public final class ToolOutputs {

    private ToolOutputs() {
    }

    /** The connect failure a tool reported, or {@code null} when it reported none. */
    public static Finding connectFailure(CommandOutput out, int port, Duration timeout) {
        String text = out.combined().toLowerCase(Locale.ROOT);
        if (text.contains("connection refused") || text.contains("errno=111")) {
            return Finding.of(ProbeOutcome.REFUSED, "the connection was refused with a TCP reset: nothing listens on port "
                    + port + ", or a firewall REJECTs with tcp-reset");
        }
        // "host unreachable" is dig's wording ("communications error to ...: host unreachable")
        if (text.contains("no route to host") || text.contains("host is unreachable") || text.contains("network is unreachable")
                || text.contains("host unreachable") || text.contains("network unreachable")
                || text.contains("errno=113") || text.contains("errno=101")) {
            return Finding.of(ProbeOutcome.UNREACHABLE, "an ICMP unreachable came back: a firewall REJECT with an ICMP error, "
                    + "or no route to the address");
        }
        if (text.contains("timed out") || text.contains("connection timeout") || text.contains("errno=110")
                || text.contains("no servers could be reached")) {
            return timeout(timeout);
        }
        return null;
    }

    public static Finding timeout(Duration timeout) {
        return Finding.of(ProbeOutcome.TIMEOUT, "no answer to the connection request within " + Explain.seconds(timeout)
                + ": not even a reset came back, the signature of a firewall DROP (or a host that is down)");
    }

    /**
     * A tool that bounds its own wait ({@code nc -w}, {@code dig +time}, {@code curl --max-time}) and prints why it gave
     * up, killed at the command's timeout without a word: it never got to the network, the prefix before it hung
     * (a frozen or stopped guest, {@code pct} or {@code qm} waiting on a lock, a guest agent that does not answer).
     * Not a TIMEOUT, which reads as a firewall DROP. {@code null} when the command was not such a hang.
     */
    public static Finding hung(CommandOutput out, String tool) {
        // a shell in the prefix reports the kill of its child ("Killed"), which is the kill's word, not the tool's
        if (!out.timedOut() || out.combined().lines().anyMatch(l -> !l.isBlank() && !l.strip().equals("Killed"))) {
            return null;
        }
        return Finding.of(ProbeOutcome.ERROR, "the command did not finish and was killed after "
                + Explain.seconds(Duration.ofMillis(out.millis())) + " without a word, though " + tool + " gives up by itself "
                + "at the timeout and says so: " + out.argv().get(0) + " hung before " + tool + " ran (a frozen or stopped "
                + "guest, a lock, a guest agent that does not answer); nothing is known of the path");
    }

    /** {@code nc -z -v}: OPEN on success, else the connect failure, else ERROR with the tool's words. */
    public static Finding tcp(CommandOutput out, int port, Duration timeout) {
        if (out.exitCode() == 0) {
            return Finding.of(ProbeOutcome.OPEN, "port " + port + " accepted the connection (nc)");
        }
        Finding failure = connectFailure(out, port, timeout);
        if (failure != null) {
            return failure;
        }
        Finding hung = hung(out, "nc");
        if (hung != null) {
            return hung;
        }
        if (out.timedOut()) {
            return timeout(timeout);
        }
        return toolError(out);
    }

    public static Finding toolError(CommandOutput out) {
        String said = Explain.firstLine(out.combined());
        return Finding.of(ProbeOutcome.ERROR, "the probe tool " + out.argv().get(0) + " failed (exit " + out.exitCode()
                + ")" + (said.isEmpty() ? "" : ": " + said));
    }
}
