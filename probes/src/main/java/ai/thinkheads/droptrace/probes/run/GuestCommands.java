package ai.thinkheads.droptrace.probes.run;

import ai.thinkheads.droptrace.core.probe.ProbeKind;
import ai.thinkheads.droptrace.probes.config.Names;
import ai.thinkheads.droptrace.probes.config.Origin;
import ai.thinkheads.droptrace.probes.config.PlannedProbe;
import ai.thinkheads.droptrace.probes.config.ProbeDefinition;
import ai.thinkheads.droptrace.probes.config.ToolsConfig;
import ai.thinkheads.droptrace.probes.exec.Placeholders;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the argv of everything a probe runs: the origin's prefix (with {@code {vmid}},
 * {@code {name}}, {@code {address}} of the guest) followed by the probe's command or tool
 * template (with the target's validated values). Every value is validated by {@link Placeholders}.
 */
public final class GuestCommands {

    private final ToolsConfig tools;

    public GuestCommands(ToolsConfig tools) {
        this.tools = tools;
    }

    /** The origin's prefix, rendered. */
    public static List<String> prefix(Origin origin) {
        Placeholders values = new Placeholders().vmid(origin.vmid()).name(origin.name()).address(origin.sourceAddress());
        return values.render(origin.prefix());
    }

    /** Prefix plus the command of an exec probe; the command may use the guest's {@code {vmid}}, {@code {name}}, {@code {address}}. */
    public List<String> exec(PlannedProbe p) {
        Origin o = p.origin();
        Placeholders values = new Placeholders().vmid(o.vmid()).name(o.name()).address(o.sourceAddress());
        return join(prefix(o), values.render(p.definition().exec().command()));
    }

    /** Prefix plus the file tool ({@code cat {path}}). */
    public List<String> file(PlannedProbe p) {
        return join(prefix(p.origin()), new Placeholders().path(p.definition().file().path()).render(tools.file()));
    }

    /** Prefix plus the network tool of the probe's kind; {@code target} is the HTTP request target (http only). */
    public List<String> network(PlannedProbe p, String target) {
        ProbeDefinition d = p.definition();
        Placeholders values = new Placeholders().address(p.destination()).port(p.port())
                .number("timeoutSeconds", Math.max(1, (p.timeout().toMillis() + 999) / 1000));
        List<String> template = switch (p.kind()) {
            case TCP -> tools.tcp();
            case UDP -> tools.udp();
            case DNS -> {
                values.queryName(d.dns().name()).word("queryType", d.dns().type())
                        .word("transport", d.dns().transport().equals("tcp") ? "tcp" : "notcp");
                yield tools.dns();
            }
            case TLS -> {
                String serverName = d.tls().serverName() == null ? p.destination() : d.tls().serverName();
                values.hosts(p.destination(), serverName);
                // openssl's -verify_hostname matches DNS names only: an address is checked against IP SANs by -verify_ip
                yield Names.isAddress(serverName) ? tools.tls().stream()
                        .map(arg -> arg.equals("-verify_hostname") ? "-verify_ip" : arg).toList() : tools.tls();
            }
            case HTTP -> {
                String serverName = d.http().serverName() == null ? p.destination() : d.http().serverName();
                values.hosts(p.destination(), serverName);
                values.url(d.http().scheme() + "://" + values.values().get("serverHost") + ":" + p.port() + target);
                yield tools.http();
            }
            default -> throw new IllegalArgumentException(p.kind() + " probes use no network tool");
        };
        return join(prefix(p.origin()), values.render(template));
    }

    /** Builds every command of a probe without running it: a bad value or placeholder fails here, at load time. */
    public void check(PlannedProbe p) {
        if (p.origin().runsHere() && (p.kind() != ProbeKind.EXEC && p.kind() != ProbeKind.FILE)) {
            return;
        }
        switch (p.kind()) {
            case EXEC -> exec(p);
            case FILE -> {
                if (!p.origin().runsHere()) {
                    file(p);
                }
            }
            case HTTP -> network(p, p.definition().http().path());
            default -> network(p, "/");
        }
    }

    private static List<String> join(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
