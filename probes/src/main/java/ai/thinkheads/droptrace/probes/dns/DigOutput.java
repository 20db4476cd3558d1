package ai.thinkheads.droptrace.probes.dns;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.probes.exec.CommandOutput;
import ai.thinkheads.droptrace.probes.run.Finding;
import ai.thinkheads.droptrace.probes.tcp.ToolOutputs;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code dig}'s output into the same response shape the Java client decodes. */
public final class DigOutput {

    private static final Pattern STATUS = Pattern.compile("status: ([A-Z0-9]+)");
    private static final Pattern ID = Pattern.compile("id: (\\d+)");
    private static final Pattern ID_MISMATCH = Pattern.compile("ID mismatch: expected ID (\\d+), got (\\d+)");
    /** dig's warning of a UDP reply of fewer than 12 bytes, after which it waits on for the answer. */
    private static final String SHORT_MESSAGE = "short (< header size) message received";
    private static final Pattern ANSWER = Pattern.compile("^(\\S+)\\s+(\\d+)\\s+IN\\s+([A-Z0-9]+)\\s+(.+)$");

    private DigOutput() {
    }

    /** The response dig printed, or the failure it reported. */
    public static DnsQuery.Exchange read(CommandOutput out, int port, Duration timeout) {
        DnsQuery.Exchange exchange = exchange(out, port, timeout);
        // dig asks again over TCP when the UDP answer has the TC flag; what it printed after is the TCP query's
        return out.combined().contains(";; Truncated, retrying in TCP mode.") ? exchange.afterTruncation() : exchange;
    }

    private static DnsQuery.Exchange exchange(CommandOutput out, int port, Duration timeout) {
        Finding hung = ToolOutputs.hung(out, "dig");
        if (hung != null) {
            return new DnsQuery.Exchange(null, hung, null);
        }
        String text = out.combined();
        if (text.contains("Message parser reports malformed message packet")) {
            return new DnsQuery.Exchange(null, Finding.of(ProbeOutcome.EXPECTATION_FAILED, "the server answered, but its "
                    + "reply is not a DNS message that can be read (dig: malformed message packet): a broken server, or a "
                    + "device on the way that mangles it"), null);
        }
        Matcher status = STATUS.matcher(text);
        boolean answered = status.find();
        if (!answered && text.contains(": end of file")) {
            // ";; communications error to ...#53: end of file": connected over TCP, and the server closed without an answer
            return new DnsQuery.Exchange(null, DnsQuery.closedWithoutAnswer("dig: end of file"), null);
        }
        if (!answered) {
            Finding failure = ToolOutputs.connectFailure(out, port, timeout);
            if (failure == null) {
                failure = out.timedOut() ? ToolOutputs.timeout(timeout) : ToolOutputs.toolError(out);
            }
            boolean overTcp = out.argv().contains("+tcp") || text.contains(";; Truncated, retrying in TCP mode.");
            Matcher mismatch = ID_MISMATCH.matcher(text);
            if (failure.outcome() == ProbeOutcome.TIMEOUT && mismatch.find()) {
                failure = DnsQuery.strayOnly("a reply with id " + mismatch.group(2) + ", not the query's " + mismatch.group(1),
                        timeout);
            } else if (failure.outcome() == ProbeOutcome.TIMEOUT && text.contains(SHORT_MESSAGE)) {
                // dig waits on past a datagram too short to be a DNS message, as past another id: a reply, not silence
                failure = DnsQuery.strayOnly("a datagram shorter than a DNS message's header, as dig warned", timeout);
            } else if (failure.outcome() == ProbeOutcome.TIMEOUT && !overTcp) {
                failure = DnsQuery.udpTimeout(timeout); // no connection, no reset: the words of a query over UDP
            } else if (failure.outcome() == ProbeOutcome.TIMEOUT && text.contains(";; communications error to ")
                    && !text.contains(";; Connection to ")) {
                // over TCP dig says "Connection to ... failed: timed out." of a connect that got no answer, and
                // "communications error to ...: timed out" only of a connection made whose query got none
                failure = DnsQuery.connectedWithoutAnswer(timeout);
            } else if (failure.outcome() == ProbeOutcome.REFUSED && !overTcp) {
                failure = DnsQuery.udpRefused(port); // an ICMP port unreachable: no connection to reset
            }
            return new DnsQuery.Exchange(null, failure, null);
        }
        Matcher id = ID.matcher(text);
        List<DnsMessage.Answer> answers = new ArrayList<>();
        boolean inAnswers = false;
        for (String line : text.split("\n")) {
            if (line.startsWith(";; ANSWER SECTION")) {
                inAnswers = true;
            } else if (line.isBlank()) {
                inAnswers = false;
            } else if (inAnswers && !line.startsWith(";")) {
                Matcher a = ANSWER.matcher(line.strip());
                if (a.matches()) {
                    String owner = a.group(1).endsWith(".") ? a.group(1).substring(0, a.group(1).length() - 1) : a.group(1);
                    String data = a.group(4).strip();
                    if (data.endsWith(".")) {
                        data = data.substring(0, data.length() - 1);
                    }
                    if (a.group(3).equals("TXT")) {
                        data = characterStrings(data);
                    } else if (data.startsWith("\"") && data.endsWith("\"") && data.length() > 1) {
                        data = data.substring(1, data.length() - 1);
                    }
                    answers.add(new DnsMessage.Answer(owner, a.group(3), Long.parseLong(a.group(2)), data));
                }
            }
        }
        int rcode = switch (status.group(1)) {
            case "NOERROR" -> 0;
            case "FORMERR" -> 1;
            case "SERVFAIL" -> 2;
            case "NXDOMAIN" -> 3;
            case "NOTIMP" -> 4;
            case "REFUSED" -> 5;
            default -> 15;
        };
        return new DnsQuery.Exchange(new DnsMessage.Response(id.find() ? Integer.parseInt(id.group(1)) : 0, false, rcode,
                answers), null, null);
    }

    /**
     * A TXT record's data as dig writes it, {@code "v=spf1 a" "-all"} (its character-strings, each quoted, with
     * {@code \"}, {@code \\} and {@code \DDD} for a byte), as the Java client decodes it: the strings joined, UTF-8.
     */
    static String characterStrings(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && i + 3 < text.length() && text.substring(i + 1, i + 4).matches("[0-9]{3}")) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 4)) & 0xFF);
                i += 3;
            } else if (c == '\\' && i + 1 < text.length()) {
                bytes.writeBytes(String.valueOf(text.charAt(++i)).getBytes(StandardCharsets.UTF_8));
            } else if (quoted || !Character.isWhitespace(c)) {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
