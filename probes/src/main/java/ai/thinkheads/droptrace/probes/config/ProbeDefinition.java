package ai.thinkheads.droptrace.probes.config;

import ai.thinkheads.droptrace.core.probe.ProbeKind;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One probe as configured. {@code from} is a guest name or {@code local} (run here); {@code to} is
 * a guest name, {@code host} (the hypervisor) or an address. The section named like the kind holds
 * the kind's settings; {@code expect} lists the outcomes that count as passed (default: the kind's
 * success outcome).
 */
public record ProbeDefinition(
        String id,
        String description,
        String from,
        String to,
        ProbeKind kind,
        Integer port,
        Duration interval,
        Duration timeout,
        List<ProbeOutcome> expect,
        UdpSettings udp,
        DnsSettings dns,
        TlsSettings tls,
        HttpSettings http,
        ExecSettings exec,
        FileSettings file) {

    public static final String LOCAL = "local";
    public static final String HOST = "host";

    public ProbeDefinition {
        Objects.requireNonNull(id, "id is required");
        if (!Names.isLabelSet(id)) {
            // ASCII: an id is typed back (--only) and compared as written, where a 'ü' typed in NFD is not the file's NFC
            throw new IllegalArgumentException("probe id '" + id + "' must be " + Names.LABEL_SET_CHARACTERS + ": "
                    + Names.labelSetProblem(id));
        }
        Objects.requireNonNull(kind, "kind is required (tcp, udp, dns, tls, http, exec, file)");
        from = from == null || from.equalsIgnoreCase(LOCAL) ? LOCAL : from; // as host and guest names: any case
        if (!from.equals(LOCAL) && !Names.isLabelSet(from)) {
            throw new IllegalArgumentException("from '" + from + "' is not a guest name");
        }
        boolean network = kind != ProbeKind.EXEC && kind != ProbeKind.FILE;
        if (network) {
            Objects.requireNonNull(to, "to is required for a " + kind.name().toLowerCase() + " probe");
            if (to.indexOf('%') > 0 && Names.isAddress(to.substring(0, to.indexOf('%')))) {
                throw new IllegalArgumentException("to '" + to + "': an address with a zone (" + to.substring(to.indexOf('%'))
                        + ") is not taken: a probe's packets leave by the route to its address; probe an address of it "
                        + "that is not link-local");
            }
            if (!Names.isAddress(to) && !Names.isLabelSet(to)) {
                throw new IllegalArgumentException("to '" + to + "' is neither a guest name nor an address");
            }
            if (port == null && kind == ProbeKind.DNS) {
                port = 53;
            }
            Objects.requireNonNull(port, "port is required for a " + kind.name().toLowerCase() + " probe");
            Names.requirePort(port);
        } else if (to != null || port != null) {
            throw new IllegalArgumentException(kind.name().toLowerCase() + " probes run in 'from'; they take no 'to' or 'port'");
        }
        if (interval != null) {
            Durations.requireInterval(interval);
        }
        if (timeout != null) {
            Durations.requireTimeout(timeout);
        }
        if (expect != null && expect.isEmpty()) {
            // read as written, no run would pass; read as the default, a must-be-blocked probe whose outcomes were left
            // out would become a must-work one (rules verify): neither is what anyone means
            throw new IllegalArgumentException("expect: is empty: list the outcomes that count as passed ([TIMEOUT] for "
                    + "a path that must be blocked), or leave the key out for the kind's success, " + successOf(kind));
        }
        expect = expect == null ? List.of(successOf(kind)) : List.copyOf(expect);
        KindOutcomes.requirePossible(kind, expect);
        requireOnlySection(kind, udp, dns, tls, http, exec, file);
        if (kind == ProbeKind.DNS) {
            Objects.requireNonNull(dns, "a dns probe needs a 'dns' section with the name to query");
        }
        if (kind == ProbeKind.EXEC) {
            Objects.requireNonNull(exec, "an exec probe needs an 'exec' section with the command");
        }
        if (kind == ProbeKind.FILE) {
            Objects.requireNonNull(file, "a file probe needs a 'file' section with the path");
        }
        if (kind == ProbeKind.UDP) {
            udp = udp == null ? new UdpSettings(null, null) : udp;
        }
        if (kind == ProbeKind.TLS) {
            tls = tls == null ? new TlsSettings(null, null) : tls;
        }
        if (kind == ProbeKind.HTTP) {
            http = http == null ? new HttpSettings(null, null, null, null, null, null, null, null) : http;
        }
    }

    /** The outcome that means "it worked" for each kind. */
    public static ProbeOutcome successOf(ProbeKind kind) {
        return switch (kind) {
            case TCP -> ProbeOutcome.OPEN;
            case UDP -> ProbeOutcome.REPLY;
            case DNS -> ProbeOutcome.NOERROR;
            case TLS -> ProbeOutcome.TRUSTED;
            case HTTP -> ProbeOutcome.HTTP_OK;
            case EXEC -> ProbeOutcome.EXEC_OK;
            case FILE -> ProbeOutcome.FILE_OK;
        };
    }

    public boolean runsLocally() {
        return from.equals(LOCAL);
    }

    private static void requireOnlySection(ProbeKind kind, Object udp, Object dns, Object tls, Object http,
            Object exec, Object file) {
        Object[] sections = {udp, dns, tls, http, exec, file};
        ProbeKind[] owners = {ProbeKind.UDP, ProbeKind.DNS, ProbeKind.TLS, ProbeKind.HTTP, ProbeKind.EXEC, ProbeKind.FILE};
        for (int i = 0; i < sections.length; i++) {
            if (sections[i] != null && owners[i] != kind) {
                throw new IllegalArgumentException("a " + kind.name().toLowerCase() + " probe cannot have a '"
                        + owners[i].name().toLowerCase() + "' section");
            }
        }
    }

    /** A datagram to send: text ({@code payload}) or bytes in hex ({@code payloadHex}). */
    public record UdpSettings(String payload, String payloadHex) {
        public UdpSettings {
            if (payload != null && payloadHex != null) {
                throw new IllegalArgumentException("give payload or payloadHex, not both");
            }
            if (payloadHex != null && !payloadHex.matches("([0-9A-Fa-f]{2})+")) {
                throw new IllegalArgumentException("payloadHex must be pairs of hex digits");
            }
        }

        public byte[] bytes() {
            if (payloadHex != null) {
                return java.util.HexFormat.of().parseHex(payloadHex);
            }
            return (payload == null ? "droptrace\n" : payload).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * A DNS query of {@code name} and {@code type} over {@code transport} (udp or tcp); {@code answers},
     * when given, must all be among the answers.
     */
    public record DnsSettings(String name, String type, String transport, List<String> answers) {
        public DnsSettings {
            Objects.requireNonNull(name, "dns.name is required");
            // fully qualified, as zone files and dig write it: the same name
            name = name.endsWith(".") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
            if (!Names.isLabelSet(name)) {
                throw new IllegalArgumentException("dns.name '" + name + "' is not a domain name");
            }
            type = type == null ? "A" : type.toUpperCase(java.util.Locale.ROOT);
            if (!type.matches("A|AAAA|CNAME|MX|NS|PTR|SOA|SRV|TXT")) {
                throw new IllegalArgumentException("dns.type must be one of A, AAAA, CNAME, MX, NS, PTR, SOA, SRV, TXT");
            }
            transport = transport == null ? "udp" : transport.toLowerCase(java.util.Locale.ROOT);
            if (!transport.equals("udp") && !transport.equals("tcp")) {
                throw new IllegalArgumentException("dns.transport must be udp or tcp");
            }
            answers = answers == null ? List.of() : List.copyOf(answers);
            for (String answer : answers) {
                requireAnswerOfType(type, answer);
            }
        }

        /** An expected answer must be able to be one: an address of the family of A or AAAA, a name for CNAME, NS, PTR. */
        private static void requireAnswerOfType(String type, String answer) {
            String name = answer != null && answer.endsWith(".") ? answer.substring(0, answer.length() - 1) : answer;
            boolean ok = switch (type) {
                case "A" -> Names.isAddress(answer) && !answer.contains(":");
                case "AAAA" -> Names.isAddress(answer) && answer.contains(":");
                case "CNAME", "NS", "PTR" -> Names.isLabelSet(name);
                default -> answer != null;
            };
            if (!ok) {
                String what = switch (type) {
                    case "A" -> "IPv4 addresses";
                    case "AAAA" -> "IPv6 addresses";
                    default -> "domain names";
                };
                throw new IllegalArgumentException("dns.answers: type " + type + " answers are " + what + ", '" + answer + "' is not one");
            }
        }
    }

    /** The name to send as SNI and to check the certificate against, and the trust anchor to verify with. */
    public record TlsSettings(String serverName, String trust) {
        public TlsSettings {
            if (serverName != null && !Names.isLabelSet(serverName) && !Names.isAddress(serverName)) {
                throw new IllegalArgumentException("serverName '" + serverName + "' is not a host name or address");
            }
        }
    }

    /**
     * An HTTP(S) request and what its answer must be.
     *
     * @param provisioner a Step-CA {@code /provisioners} expectation: a provisioner of this type (and name), following {@code nextCursor}
     * @param rootMatches a trust anchor name: the Step-CA {@code /roots} answer must contain a certificate with its fingerprint
     */
    public record HttpSettings(String scheme, String path, String serverName, String trust, Integer status,
            List<JsonExpectation> json, ProvisionerExpectation provisioner, String rootMatches) {
        public HttpSettings {
            scheme = scheme == null ? "https" : scheme.toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("http.scheme must be http or https");
            }
            path = path == null ? "/" : path;
            if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == 127)) {
                throw new IllegalArgumentException("http.path must start with '/' and contain no spaces or control characters");
            }
            if (serverName != null && !Names.isLabelSet(serverName) && !Names.isAddress(serverName)) {
                throw new IllegalArgumentException("serverName '" + serverName + "' is not a host name or address");
            }
            status = status == null ? 200 : status;
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("http.status must be an HTTP status code, 100-599, was " + status);
            }
            json = json == null ? List.of() : List.copyOf(json);
        }
    }

    /** A JSON value at a JSON Pointer ({@code /status}) that must equal a text. */
    public record JsonExpectation(String pointer, String equals) {
        public JsonExpectation {
            Objects.requireNonNull(pointer, "json pointer is required");
            if (!pointer.startsWith("/")) {
                throw new IllegalArgumentException("a JSON pointer starts with '/', e.g. /status");
            }
            Objects.requireNonNull(equals, "json.equals is required");
        }
    }

    /** A Step-CA provisioner that must be present. */
    public record ProvisionerExpectation(String type, String name) {
        public ProvisionerExpectation {
            Objects.requireNonNull(type, "provisioner.type is required (e.g. ACME)");
        }
    }

    /**
     * A command to run inside {@code from} (argv, never a shell string) and what it must show.
     *
     * @param outputNotMatches a regular expression that must not match any output line (errors in a log)
     */
    public record ExecSettings(List<String> command, Integer exitCode, String outputContains, String outputMatches,
            String outputNotMatches) {
        public ExecSettings {
            Objects.requireNonNull(command, "exec.command is required");
            if (command.isEmpty()) {
                throw new IllegalArgumentException("exec.command must not be empty");
            }
            command = List.copyOf(command);
            exitCode = exitCode == null ? 0 : exitCode;
            if (exitCode < 0 || exitCode > 255) {
                // a process exits with 0-255: any other expected code makes a probe that fails at every run
                throw new IllegalArgumentException("exec.exitCode must be an exit code, 0-255, was " + exitCode);
            }
            compile(outputMatches, "outputMatches");
            compile(outputNotMatches, "outputNotMatches");
        }

        private static void compile(String regex, String what) {
            if (regex != null) {
                try {
                    java.util.regex.Pattern.compile(regex);
                } catch (java.util.regex.PatternSyntaxException e) {
                    throw new IllegalArgumentException("exec." + what + " is not a regular expression: " + e.getDescription());
                }
            }
        }
    }

    /**
     * A file (read locally, or inside {@code from} through its prefix) that must exist, and
     * optionally be a PEM certificate whose SHA-256 fingerprint equals a given one, a local file's,
     * or a trust anchor's.
     */
    public record FileSettings(String path, Boolean certificate, String sha256, String equalsFile, String equalsTrust) {
        public FileSettings {
            Objects.requireNonNull(path, "file.path is required");
            if (!path.startsWith("/") || path.chars().anyMatch(c -> c < ' ')) {
                throw new IllegalArgumentException("file.path must be an absolute path");
            }
            certificate = certificate != null ? certificate : (sha256 != null || equalsFile != null || equalsTrust != null);
            if (sha256 != null && !sha256.replace(":", "").matches("[0-9A-Fa-f]{64}")) {
                throw new IllegalArgumentException("file.sha256 must be 64 hex digits (colons allowed)");
            }
        }
    }
}
