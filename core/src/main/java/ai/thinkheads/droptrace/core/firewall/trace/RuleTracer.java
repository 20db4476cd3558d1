package ai.thinkheads.droptrace.core.firewall.trace;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.firewall.trace.internal.CompiledFirewall;
import ai.thinkheads.droptrace.core.firewall.trace.internal.FirewallCompiler;
import ai.thinkheads.droptrace.core.firewall.trace.internal.LogAttributor;
import ai.thinkheads.droptrace.core.firewall.trace.internal.Tracing;
import java.util.Objects;

/**
 * The rule tracer: evaluates a node's firewall configuration like pve-firewall would build it, for
 * any packet, and names the deciding rule ({@code file:line}), policy or built-in rule; and tells
 * which rule wrote a firewall log line.
 *
 * <p>Build one per configuration version with {@link #compile(Ruleset)} (cheap: milliseconds for
 * thousands of rules and ipset entries); it is immutable and thread-safe, and each decision takes
 * microseconds. Usage:
 *
 * <pre>{@code
 * Ruleset ruleset = ConfigDirectoryReader.read(Path.of("/etc/pve"), ReadOptions.defaults());
 * RuleTracer tracer = RuleTracer.compile(ruleset);
 * TraceResult r = tracer.trace(TraceRequest.flow("10.0.0.153", "10.0.0.12", "tcp", 8443));
 * r.action();      // DROP
 * r.decidedBy();   // PolicyDecision: policy_in of firewall/102.fw, default DROP
 * r.logged();      // false: log_level_in is nolog
 * r.suggestion();  // set 'log_level_in: info' in [OPTIONS] of firewall/102.fw
 * Attribution a = tracer.attribute(firewallEvent); // which rule wrote a log line
 * }</pre>
 */
public final class RuleTracer {

    private final CompiledFirewall compiled;
    private final Tracing tracing;
    private final LogAttributor attributor;

    private RuleTracer(CompiledFirewall compiled) {
        this.compiled = compiled;
        this.tracing = new Tracing(compiled);
        this.attributor = new LogAttributor(compiled);
    }

    /** Compiles a ruleset into a tracer. Bad lines never fail this: they are left out, as pve-firewall does. */
    public static RuleTracer compile(Ruleset ruleset) {
        return new RuleTracer(FirewallCompiler.compile(Objects.requireNonNull(ruleset, "ruleset")));
    }

    /**
     * The decision for one packet: action, deciding rule or policy, log line, silent-drop advice and
     * the chains passed.
     *
     * @throws InvalidTraceRequestException when the request names an unknown guest, a bad address,
     *     or the same zone twice
     */
    public TraceResult trace(TraceRequest request) {
        return tracing.trace(request, false);
    }

    /** Like {@link #trace}, and every stage lists every rule considered and why it did or did not match. */
    public TraceResult explain(TraceRequest request) {
        return tracing.trace(request, true);
    }

    /** Names the rule, policy or built-in rule that wrote a firewall log line, or says that none could have. */
    public Attribution attribute(FirewallEvent event) {
        return attributor.attribute(Objects.requireNonNull(event, "event"));
    }

    public Ruleset ruleset() {
        return compiled.ruleset();
    }

    /** The compiled chains, for checks that look at the whole configuration (lint). */
    public CompiledFirewall compiled() {
        return compiled;
    }
}
