package ai.thinkheads.droptrace.cli.trace;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.OutputOptions;
import ai.thinkheads.droptrace.cli.common.PortOption;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.output.JsonOutput;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.firewall.net.IcmpType;
import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import ai.thinkheads.droptrace.core.firewall.net.Protocols;
import ai.thinkheads.droptrace.core.firewall.trace.InvalidTraceRequestException;
import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import ai.thinkheads.droptrace.core.firewall.trace.TraceRequest;
import ai.thinkheads.droptrace.core.firewall.trace.TraceResult;
import ai.thinkheads.droptrace.core.firewall.trace.Zone;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code droptrace trace}: which rule decides a packet, or which rule wrote a log line. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {"Evaluates the firewall configuration like pve-firewall builds it and names the rule (file:line), "
                + "policy or built-in rule that accepts, drops or rejects a packet; says whether the drop is logged and "
                + "how to log it. With --log-line/--log-file, names the rule that wrote each pve-firewall.log line.",
            "Exit code: 0 accept, 7 drop, 8 reject (with --log-line/--log-file: 0 when every line is attributed, 5 otherwise, 9 when not one line is a "
                    + "pve-firewall.log line)."})
public final class TraceCommand implements Callable<Integer> {

    @Mixin
    OutputOptions common;

    @Mixin
    FirewallConfigOptions config;

    @Spec
    CommandSpec spec;

    /** The options that describe a packet to trace, which --log-line and --log-file do not take. */
    private static final List<String> PACKET_OPTIONS = List.of("--from", "--to", "--source", "--dest", "--proto",
            "--dport", "--sport", "--icmp-type", "--tcp-flags", "--verbose");

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    LogInput logs;

    /** Lines to attribute instead of a packet to trace. */
    static final class LogInput {
        @Option(names = "--log-line", paramLabel = "LINE", required = true,
                description = "A pve-firewall.log line (a syslog wrapping is fine) to attribute to its rule; repeatable.")
        List<String> lines;

        @Option(names = "--log-file", paramLabel = "FILE", required = true,
                description = "A pve-firewall.log (or syslog) file, plain or gzip, or '-' for stdin: attribute every packet line.")
        Path file;
    }

    @Option(names = "--from", paramLabel = "ZONE", converter = ZoneConverter.class,
            description = "host, outside, vm<ID>, ct<ID>, vm<ID>i<N>, <bridge>/<port>; default: from --source")
    Zone from;

    @Option(names = "--to", paramLabel = "ZONE", converter = ZoneConverter.class, description = "as --from; default: from --dest")
    Zone to;

    @Option(names = "--source", paramLabel = "IP", description = "Source address (default: the zone's own address).")
    String source;

    @Option(names = "--dest", paramLabel = "IP", description = "Destination address (default: the zone's own address).")
    String dest;

    @Option(names = {"-p", "--proto"}, paramLabel = "PROTO", defaultValue = "tcp",
            description = "tcp, udp, icmp, icmpv6, any /etc/protocols name or number. Default: ${DEFAULT-VALUE}.")
    String protocol;

    @Option(names = "--dport", paramLabel = "PORT", description = "Destination port.")
    Integer dport;

    @Option(names = "--sport", paramLabel = "PORT", description = "Source port.")
    Integer sport;

    @Option(names = "--icmp-type", paramLabel = "TYPE",
            description = "ICMP type name (echo-request, host-unreachable, ...) or number[/code]. Default: echo-request.")
    String icmpType;

    @Option(names = "--tcp-flags", paramLabel = "FLAGS", split = ",",
            description = "TCP flags set (SYN, ACK, FIN, RST, PSH, URG; NONE for none). Default: SYN, a new connection.")
    List<String> tcpFlags;

    @Option(names = "--verbose", description = "List every rule considered in every chain and why it did or did not match.")
    boolean verbose;

    @Override
    public Integer call() {
        if (logs != null) {
            List<String> given = PACKET_OPTIONS.stream().filter(spec.commandLine().getParseResult()::hasMatchedOption)
                    .toList();
            if (!given.isEmpty()) {
                throw new UserException(ExitCodes.USAGE, String.join(", ", given) + (given.size() == 1 ? " describes" : " describe") + " a packet to trace;"
                        + " --log-line and --log-file take the packet from each line: give one or the other");
            }
        }
        // The packet's own mistakes (no --to, --dport 99999, -p icmp with a port) are usage errors, said alone before
        // the configuration is read: neither after its notes nor hidden behind a missing /etc/pve.
        TraceRequest request = logs == null ? request() : null;
        if (logs != null) {
            LogAttribution.checkLines(logs.lines);
        }
        Ruleset ruleset = config.load();
        RuleTracer tracer = RuleTracer.compile(ruleset);
        String skipped = FirewallConfigOptions.skippedNote(ruleset, tracer);
        if (logs != null) {
            if (skipped != null && !common.json()) {
                common.err().println("droptrace: " + skipped);
            }
            return new LogAttribution(common, tracer).run(logs.lines, logs.file);
        }
        TraceResult result;
        try {
            result = verbose ? tracer.explain(request) : tracer.trace(request);
            String own = ownHostAddress(ruleset, result);
            if (own != null) {
                // the host sends from its address on the destination's network: 172.16.100.1 to the internal bridge
                result = verbose ? tracer.explain(request.withAddresses(own, request.dest()))
                        : tracer.trace(request.withAddresses(own, request.dest()));
                if (!common.json()) {
                    common.err().println("droptrace: note: from the host's address on the destination's network, " + own
                            + " (give --source to choose)");
                }
            }
        } catch (InvalidTraceRequestException e) {
            String phoenixGuest = config.isPhoenix() ? PhoenixTraceNotes.undeclaredGuest(config.phoenix(), from, to) : null;
            throw new UserException(ExitCodes.USAGE, phoenixGuest != null ? phoenixGuest : e.getMessage());
        }
        // Once the request is known good: a guest the configuration has not (--to ct4242) is one line, not one after it
        if (skipped != null && !common.json()) {
            common.err().println("droptrace: " + skipped);
        }
        PhoenixTraceNotes.Notes phoenix = config.isPhoenix() ? PhoenixTraceNotes.of(config.phoenix(), result) : null;
        if (common.json()) {
            JsonOutput.document(common.out(), phoenix == null ? result : PhoenixTraceNotes.json(result, phoenix));
        } else {
            TraceText.print(common.out(), result, verbose);
            if (phoenix != null) {
                PhoenixTraceNotes.print(common.out(), phoenix);
            }
        }
        return switch (result.action()) {
            case ACCEPT -> ExitCodes.OK;
            case DROP -> ExitCodes.PATH_DROPPED;
            case REJECT -> ExitCodes.PATH_REJECTED;
        };
    }

    /**
     * For a Phoenix site, the host's own address on the destination's network when the trace from the host took another
     * one (its first) for want of --source; {@code null} otherwise.
     */
    private String ownHostAddress(Ruleset ruleset, TraceResult result) {
        if (!config.isPhoenix() || source != null || !Zone.HOST.equals(from)) {
            return null;
        }
        String own = FirewallConfigOptions.hostAddressOn(ruleset.inventory().hostAddresses(),
                config.hostNetworks(ruleset), result.packet().dest());
        IpAddress ip = own == null ? null : IpAddress.parse(own);
        IpAddress dest = IpAddress.parse(result.packet().dest());
        // none of the destination's IP version: the tracer's stand-in address stays, as before
        return ip == null || dest == null || ip.version() != dest.version() || own.equals(result.packet().source()) ? null
                : own;
    }

    private TraceRequest request() {
        if (from == null && source == null) {
            throw new UserException(ExitCodes.USAGE, "give --from (or --source) and --to (or --dest)");
        }
        if (to == null && dest == null) {
            throw new UserException(ExitCodes.USAGE, "give --to (or --dest)");
        }
        PortOption.check("--dport", dport, null);
        PortOption.check("--sport", sport, null);
        Integer type = null;
        Integer code = null;
        int proto = Protocols.packetNumber(protocol);
        checkFitsProtocol(proto);
        if (icmpType != null) {
            IcmpType t = proto == Protocols.ICMPV6 ? IcmpType.v6(icmpType) : IcmpType.v4(icmpType);
            if (t == null || t.type() < 0) {
                throw new UserException(ExitCodes.USAGE, "unknown ICMP type '" + icmpType + "'");
            }
            type = t.type();
            code = t.code() < 0 ? null : t.code();
        }
        checkIpVersion(proto, source);
        checkIpVersion(proto, dest);
        return new TraceRequest(from, to, source, dest, protocol, dport, sport, type, code, tcpFlags, null, null);
    }

    /**
     * Ports, an ICMP type and TCP flags belong to their protocols: {@code -p icmp --dport 22} would be traced as a
     * packet without that port, an answer to a question that was not asked.
     */
    private void checkFitsProtocol(int proto) {
        if (proto < 0) {
            return; // an unknown protocol is the tracer's usage error
        }
        String name = Protocols.name(proto);
        if ((dport != null || sport != null) && !Protocols.hasPorts(proto)) {
            throw new UserException(ExitCodes.USAGE, (dport != null ? "--dport" : "--sport") + " needs a protocol with "
                    + "ports (tcp, udp, udplite, dccp, sctp), not " + name);
        }
        if (icmpType != null && proto != Protocols.ICMP && proto != Protocols.ICMPV6) {
            throw new UserException(ExitCodes.USAGE, "--icmp-type needs -p icmp or -p icmpv6, not " + name);
        }
        if (tcpFlags != null && proto != Protocols.TCP) {
            throw new UserException(ExitCodes.USAGE, "--tcp-flags needs -p tcp, not " + name);
        }
    }

    /** icmp exists in IPv4 only, icmpv6 in IPv6 only: no rule of the other protocol can match such a packet. */
    private static void checkIpVersion(int proto, String address) {
        IpAddress ip = address == null ? null : IpAddress.parse(address);
        int only = proto == Protocols.ICMP ? 4 : proto == Protocols.ICMPV6 ? 6 : 0;
        if (ip != null && only != 0 && ip.version() != only) {
            throw new UserException(ExitCodes.USAGE, Protocols.name(proto) + " is IPv" + only + " only, but " + address
                    + " is an IPv" + ip.version() + " address: use " + (only == 4 ? "icmpv6" : "icmp") + " or IPv"
                    + only + " addresses");
        }
    }

    /** Reads zone words, with the accepted forms in the error. */
    static final class ZoneConverter implements ITypeConverter<Zone> {
        @Override
        public Zone convert(String value) {
            try {
                return Zone.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage()); // picocli prints it as is, without the class name
            }
        }
    }
}
