package ai.thinkheads.droptrace.probes.exec;

import ai.thinkheads.droptrace.core.json.Json;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * {@code qm guest exec} prints the guest agent's JSON ({@code exitcode}, {@code exited}, {@code out-data},
 * {@code err-data}) instead of the command's own streams. Every command run through it (an exec probe's, and
 * {@code dig}, {@code nc}, {@code openssl}, {@code curl}, {@code cat} of network and file probes from a VM) is
 * read back from it, so the tool's output is judged, not the JSON around it.
 */
public final class GuestAgentOutput {

    private GuestAgentOutput() {
    }

    /** The command's own result when {@code out} is exactly one guest agent answer; else {@code out} unchanged. */
    public static CommandOutput unwrap(CommandOutput out) {
        String s = out.stdout().strip();
        if (out.exitCode() != 0 || !s.startsWith("{") || !s.contains("\"exitcode\"") && !s.contains("\"pid\"")) {
            return out;
        }
        try {
            JsonNode node = Json.events().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(s);
            if (node != null && node.isObject() && node.size() == 1 && node.path("pid").isIntegralNumber()) {
                return stillRunning(out, node.path("pid").asLong());
            }
            if (node == null || !node.isObject() || !node.has("exitcode") || !node.has("exited")) {
                return out; // JSON a tool printed itself (an HTTP body), not the agent's answer
            }
            return new CommandOutput(out.argv(), node.path("exitcode").asInt(), node.path("out-data").asText(""),
                    node.path("err-data").asText(""), out.timedOut(), out.millis(), out.unreadBytes());
        } catch (IOException e) {
            return out;
        }
    }

    /**
     * qm's answer once its own {@code --timeout} (30 s by default) passed with the command still running in the VM: the
     * pid alone, "timeout reached, returning pid" on stderr, exit 0. The command did not finish: not an exit 0.
     */
    private static CommandOutput stillRunning(CommandOutput out, long pid) {
        return new CommandOutput(out.argv(), -1, "", "qm guest exec stopped waiting after " + out.millis() / 1000
                + " s (its --timeout, 30 s by default) while the command still ran in the guest (pid " + pid + ")", true,
                out.millis(), out.unreadBytes());
    }
}
