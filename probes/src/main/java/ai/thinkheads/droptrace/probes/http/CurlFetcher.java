package ai.thinkheads.droptrace.probes.http;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.probes.exec.CommandOutput;
import ai.thinkheads.droptrace.probes.run.Finding;
import ai.thinkheads.droptrace.probes.tcp.Explain;
import ai.thinkheads.droptrace.probes.tcp.ToolOutputs;
import ai.thinkheads.droptrace.probes.tls.TlsHandshake;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches with {@code curl} inside a guest (through its prefix) and reads curl's exit code, its
 * {@code -v} trace and the status line the template appends with {@code -w}. TLS trust here is
 * the guest's own store, as curl judged it.
 */
public final class CurlFetcher implements Fetch.Fetcher {

    static final String MARKER = "DROPTRACE-HTTP ";
    private static final Pattern TAIL = Pattern.compile("\\n?" + MARKER + "(\\d{3}) ([0-9.]+) ([0-9.]+)\\s*$");
    /** A response header in curl's {@code -v} trace: {@code < Location: https://...} (the name in any case). */
    private static final Pattern LOCATION = Pattern.compile("(?im)^< location:[ \\t]*(\\S[^\\r\\n]*?)[ \\t]*\\r?$");
    private static final Pattern SSL = Pattern.compile("SSL connection using (\\S+) / (\\S+)");
    /** A status line received, in curl's {@code -v} trace: {@code < HTTP/1.1 200 OK}. */
    private static final Pattern STATUS = Pattern.compile("(?m)^< HTTP/\\S+ (\\d{3})");

    private final Function<String, CommandOutput> run;
    private final boolean https;
    private final int port;
    private final Duration timeout;

    /** {@code run} runs curl for a request target ({@code /health}) and returns its output. */
    public CurlFetcher(Function<String, CommandOutput> run, boolean https, int port, Duration timeout) {
        this.run = run;
        this.https = https;
        this.port = port;
        this.timeout = timeout;
    }

    @Override
    public Fetch get(String target) {
        return read(run.apply(target), https, port, timeout);
    }

    static Fetch read(CommandOutput out, boolean https, int port, Duration timeout) {
        String err = out.stderr();
        String lower = err.toLowerCase(Locale.ROOT);
        Matcher tail = TAIL.matcher(out.stdout());
        if (out.exitCode() == 0 && tail.find()) {
            int status = Integer.parseInt(tail.group(1));
            long connect = Math.round(Double.parseDouble(tail.group(2)) * 1000);
            long appConnect = Math.round(Double.parseDouble(tail.group(3)) * 1000);
            String body = out.stdout().substring(0, tail.start());
            Finding transport = (https ? Finding.of(ProbeOutcome.TRUSTED, "curl in the guest trusted the certificate")
                    : Finding.of(ProbeOutcome.OPEN, "connected (curl)")).withConnectMillis(connect);
            Matcher ssl = SSL.matcher(err);
            if (ssl.find()) {
                transport = transport.withFact("tls.protocol", ssl.group(1)).withFact("tls.cipher", ssl.group(2));
            }
            if (https) {
                transport = transport.withFact("tls.handshakeMillis", Math.max(0, appConnect - connect));
            }
            Matcher location = LOCATION.matcher(err);
            return new Fetch(new HttpResponse(status, body.getBytes(StandardCharsets.UTF_8), 0,
                    location.find() ? location.group(1) : null), transport);
        }
        Finding hung = ToolOutputs.hung(out, "curl");
        if (hung != null) {
            return new Fetch(null, hung);
        }
        boolean connected = lower.contains("* connected to");
        if (https && (out.exitCode() == 35 || out.exitCode() == 56) && lower.contains("tls handshake, request cert")) {
            // the server asked for a client certificate and ended the handshake (TLS 1.2) or the connection after it
            // (TLS 1.3) without one; curl had checked its chain by then (a refused one is exit 60)
            return new Fetch(null, Finding.of(ProbeOutcome.HANDSHAKE_FAILED, "the server on port " + port + " requires a "
                    + "client certificate (mutual TLS), which a probe does not present, and ended the connection without "
                    + "one (" + curlError(err) + "); curl in the guest trusted its chain").withFact(
                    "tls.clientCertificateRequested", true));
        }
        switch (out.exitCode()) {
            case 60, 51 -> {
                return new Fetch(null, certificateProblem(err));
            }
            case 35 -> {
                return new Fetch(null, Finding.of(ProbeOutcome.HANDSHAKE_FAILED, "the TLS handshake failed (curl): "
                        + TlsHandshake.failure(curlError(err), port)));
            }
            case 28 -> {
                if (!connected) {
                    return new Fetch(null, ToolOutputs.timeout(timeout));
                }
                boolean tlsDone = lower.contains("ssl connection using");
                if (https && !tlsDone) {
                    return new Fetch(null, Finding.of(ProbeOutcome.HANDSHAKE_TIMEOUT, "the TCP connection opened but the TLS "
                            + "handshake did not finish within " + Explain.seconds(timeout) + " (curl)"));
                }
                Integer began = finalStatus(err);
                if (began != null) {
                    // the status came and the rest did not, as from here: a slow service, not a silent one
                    return new Fetch(null, Finding.of(ProbeOutcome.RESPONSE_TIMEOUT, "connected" + (https ? " and TLS done" : "")
                            + ", the response began (HTTP " + began + "), but did not end within " + Explain.seconds(timeout)
                            + ": the service is stuck or overloaded, or sends its body too slowly (curl)")
                            .withFact("http.status", began));
                }
                return new Fetch(null, Finding.of(ProbeOutcome.RESPONSE_TIMEOUT, "connected, but no HTTP response within "
                        + Explain.seconds(timeout) + " (curl)"));
            }
            default -> {
                Finding failure = ToolOutputs.connectFailure(out, port, timeout);
                if (failure == null && connected && (!https || lower.contains("ssl connection using"))) {
                    // curl got through, then could not read the answer (HTTP/0.9, a bad Content-Length, a reset)
                    failure = Finding.of(ProbeOutcome.HTTP_UNEXPECTED, "connected" + (https ? " and TLS done" : "")
                            + ", but the answer is not a usable HTTP response: " + curlError(err));
                }
                if (failure == null) {
                    failure = out.timedOut() ? ToolOutputs.timeout(timeout) : ToolOutputs.toolError(out);
                }
                return new Fetch(null, failure);
            }
        }
    }

    /** The status of the last response curl began to receive (after an interim 1xx), or {@code null}. */
    private static Integer finalStatus(String err) {
        Matcher m = STATUS.matcher(err);
        Integer status = null;
        while (m.find()) {
            status = Integer.parseInt(m.group(1));
        }
        return status;
    }

    private static Finding certificateProblem(String err) {
        String said = curlError(err);
        String lower = said.toLowerCase(Locale.ROOT);
        ProbeOutcome outcome;
        if (lower.contains("expired")) {
            outcome = ProbeOutcome.EXPIRED;
        } else if (lower.contains("not yet valid")) {
            outcome = ProbeOutcome.NOT_YET_VALID;
        } else if (lower.contains("subject name") || lower.contains("does not match") || lower.contains("hostname")) {
            outcome = ProbeOutcome.HOSTNAME_MISMATCH;
        } else {
            outcome = ProbeOutcome.UNTRUSTED;
        }
        return Finding.of(outcome, "curl in the guest refused the certificate: " + said);
    }

    private static String curlError(String err) {
        for (String line : err.split("\n")) {
            if (line.startsWith("curl: (")) {
                return line.strip();
            }
        }
        return Explain.firstLine(err);
    }
}
