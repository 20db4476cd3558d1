package ai.thinkheads.droptrace.probes.run;

import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import ai.thinkheads.droptrace.core.probe.ProbeKind;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.probes.config.ConfigException;
import ai.thinkheads.droptrace.probes.config.PlannedProbe;
import ai.thinkheads.droptrace.probes.config.ProbeDefinition;
import ai.thinkheads.droptrace.probes.config.ProbePlan;
import ai.thinkheads.droptrace.probes.dns.DigOutput;
import ai.thinkheads.droptrace.probes.dns.DnsQuery;
import ai.thinkheads.droptrace.probes.dns.DnsType;
import ai.thinkheads.droptrace.probes.exec.CommandOutput;
import ai.thinkheads.droptrace.probes.exec.CommandRunner;
import ai.thinkheads.droptrace.probes.exec.CutByStop;
import ai.thinkheads.droptrace.probes.exec.ExecCheck;
import ai.thinkheads.droptrace.probes.exec.GuestAgentOutput;
import ai.thinkheads.droptrace.probes.file.FileCheck;
import ai.thinkheads.droptrace.probes.file.LocalFile;
import ai.thinkheads.droptrace.probes.http.CurlFetcher;
import ai.thinkheads.droptrace.probes.http.Fetch;
import ai.thinkheads.droptrace.probes.http.HttpCheck;
import ai.thinkheads.droptrace.probes.http.LocalFetcher;
import ai.thinkheads.droptrace.probes.tcp.TcpConnect;
import ai.thinkheads.droptrace.probes.tcp.ToolOutputs;
import ai.thinkheads.droptrace.probes.tls.OpenSslOutput;
import ai.thinkheads.droptrace.probes.tls.TlsHandshake;
import ai.thinkheads.droptrace.probes.tls.TlsJudge;
import ai.thinkheads.droptrace.probes.tls.TlsObservation;
import ai.thinkheads.droptrace.probes.tls.TrustAnchors;
import ai.thinkheads.droptrace.probes.udp.UdpExchange;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one planned probe once and returns its result: from here with Java sockets, or inside the
 * {@code from} guest through its prefix with the guest's tools, classified into the same taxonomy.
 * Never throws for what the network or the guest does; a bug in a probe becomes an ERROR result.
 */
public final class ProbeExecutor {

    private static final Logger LOGGER = LoggerFactory.getLogger(ProbeExecutor.class);
    /** Extra time a guest command gets beyond the probe timeout (the prefix itself, e.g. pct exec, takes time). */
    static final Duration COMMAND_GRACE = Duration.ofSeconds(3);

    private final TrustAnchors anchors;
    private final GuestCommands commands;
    private final CommandRunner runner;
    private final Clock clock;

    public ProbeExecutor(ProbePlan plan, CommandRunner runner, Clock clock) {
        this.anchors = new TrustAnchors(plan.config().trust());
        this.commands = new GuestCommands(plan.config().exec().tools());
        this.runner = runner;
        this.clock = clock;
    }

    /** Builds every command of the plan without running any: bad values fail at load time. */
    public static void check(ProbePlan plan) {
        GuestCommands commands = new GuestCommands(plan.config().exec().tools());
        for (PlannedProbe p : plan.probes()) {
            try {
                commands.check(p);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("probe " + p.id() + ": " + e.getMessage(), e);
            }
        }
    }

    public ProbeResult run(PlannedProbe p) {
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        Finding finding;
        try {
            finding = find(p, start);
        } catch (CutByStop e) {
            throw e; // not a result: the scheduler counts it
        } catch (RuntimeException e) {
            LOGGER.atWarn().addKeyValue("probeId", p.id()).addKeyValue("error", e.toString()).log("probe failed to run");
            finding = Finding.of(ProbeOutcome.ERROR, "the probe could not run: " + e.getMessage());
        }
        long duration = (System.nanoTime() - t0) / 1_000_000;
        return result(p, start, finding, duration);
    }

    /** Builds the published result around a finding; {@code passed} follows the probe's expectations. */
    public static ProbeResult result(PlannedProbe p, Instant start, Finding f, long durationMillis) {
        ProbeDefinition d = p.definition();
        boolean network = p.destination() != null;
        // a UDP answer cut short (TC) is asked again over TCP, and the outcome is that query's: so is the flow the
        // correlator traces and matches log lines with (a firewall letting udp/53 through may drop tcp/53)
        String protocol = !network ? null : p.kind() == ProbeKind.UDP ? "udp"
                : p.kind() == ProbeKind.DNS && !"true".equals(f.facts().get("dns.truncated")) ? d.dns().transport() : "tcp";
        String source = p.source();
        if (source == null && network && p.origin().runsHere()) {
            source = routeSource(p.destination(), p.port());
        }
        return new ProbeResult(ProbeResult.SCHEMA_VERSION, p.id(), p.kind(), start, p.origin().name(), p.origin().vmid(),
                d.to(), source, p.destination(), protocol, network ? p.port() : 0, f.outcome(), d.expect().contains(f.outcome()),
                f.connectMillis(), durationMillis, f.explanation(), withExpectation(f.facts(), d, network), f.tls());
    }

    /**
     * The facts, with the probe's expectation when its path must be blocked ({@link ProbeResult#EXPECT_FACT}): the
     * correlator then never proposes to open a path the probe says must stay closed.
     */
    static Map<String, String> withExpectation(Map<String, String> facts, ProbeDefinition d, boolean network) {
        if (!network || !d.expect().stream().allMatch(o -> ProbeResult.BLOCKED_CATEGORIES.contains(o.category()))) {
            return facts;
        }
        Map<String, String> with = new TreeMap<>(facts);
        with.put(ProbeResult.EXPECT_FACT, d.expect().stream().map(Enum::name).collect(Collectors.joining(",")));
        return with;
    }

    private Finding find(PlannedProbe p, Instant now) {
        boolean here = p.origin().runsHere();
        Duration timeout = p.timeout();
        ProbeDefinition d = p.definition();
        return switch (p.kind()) {
            case TCP -> here ? tcpHere(p) : ToolOutputs.tcp(tool(p, "/"), p.port(), timeout);
            // nc -u -v waits its -w once after its 'X' port tests (for an ICMP error) and once more for the reply
            case UDP -> here ? UdpExchange.send(p.destination(), p.port(), d.udp().bytes(), timeout)
                    : UdpExchange.classifyNc(GuestAgentOutput.unwrap(runner.run(commands.network(p, "/"), d.udp().bytes(),
                            timeout.multipliedBy(2).plus(COMMAND_GRACE))), p.port(), timeout);
            case DNS -> dns(p, here);
            case TLS -> {
                String serverName = d.tls().serverName();
                TlsObservation o = here ? TlsHandshake.observe(p.destination(), p.port(), serverName, timeout)
                        : OpenSslOutput.read(tool(p, "/"), p.port(), timeout);
                yield TlsJudge.judge(o, d.tls().trust(), anchors, serverName == null ? p.destination() : serverName, now);
            }
            case HTTP -> HttpCheck.run(d.http(), fetcher(p, here, now), anchors);
            case EXEC -> ExecCheck.judge(runner.run(commands.exec(p), new byte[0], timeout), d.exec(), timeout);
            case FILE -> file(p, here);
        };
    }

    private static Finding tcpHere(PlannedProbe p) {
        TcpConnect.Attempt attempt = TcpConnect.connect(p.destination(), p.port(), p.timeout());
        if (attempt.open()) {
            TcpConnect.close(attempt.socket());
        }
        return attempt.finding();
    }

    private Finding dns(PlannedProbe p, boolean here) {
        ProbeDefinition.DnsSettings s = p.definition().dns();
        DnsQuery.Exchange exchange = here
                ? DnsQuery.ask(p.destination(), p.port(), s.name(), DnsType.of(s.type()), s.transport().equals("tcp"), p.timeout())
                : DigOutput.read(tool(p, "/"), p.port(), p.timeout());
        return exchange.finding(s.name(), s.type(), s.answers());
    }

    private Fetch.Fetcher fetcher(PlannedProbe p, boolean here, Instant now) {
        ProbeDefinition.HttpSettings s = p.definition().http();
        boolean https = s.scheme().equals("https");
        if (here) {
            String serverName = s.serverName();
            return new LocalFetcher(p.destination(), p.port(), https, serverName, s.trust(), anchors, p.timeout(), now);
        }
        return new CurlFetcher(target -> tool(p, target), https, p.port(), p.timeout());
    }

    private Finding file(PlannedProbe p, boolean here) {
        ProbeDefinition.FileSettings s = p.definition().file();
        if (here) {
            LocalFile.Read read = LocalFile.read(Path.of(s.path()), p.timeout());
            return FileCheck.judge(s, read.content(), read.problem(), anchors);
        }
        CommandOutput out = runner.run(commands.file(p), new byte[0], p.timeout().plus(COMMAND_GRACE));
        return FileCheck.judgeGuest(s, GuestAgentOutput.unwrap(out), anchors, p.timeout());
    }

    private CommandOutput tool(PlannedProbe p, String target) {
        List<String> argv = commands.network(p, target);
        return GuestAgentOutput.unwrap(runner.run(argv, new byte[0], p.timeout().plus(COMMAND_GRACE)));
    }

    /**
     * The address the kernel would send from to reach {@code destination}; connecting a datagram channel sends nothing.
     * An IPv6 address is compressed as the firewall log writes it (Java writes {@code 0:0:0:0:0:0:0:1}), so the
     * result's flow is the one its log lines have.
     */
    static String routeSource(String destination, int port) {
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.connect(new InetSocketAddress(destination, port == 0 ? 9 : port));
            InetAddress address = ((InetSocketAddress) channel.getLocalAddress()).getAddress();
            String text = address.getHostAddress();
            int scope = text.indexOf('%');
            return address instanceof Inet6Address ? IpAddress.compress(scope < 0 ? text : text.substring(0, scope)) : text;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
