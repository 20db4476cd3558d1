package ai.thinkheads.droptrace.core.firewall.config;

import ai.thinkheads.droptrace.core.firewall.config.RuleLineParser.Env;
import ai.thinkheads.droptrace.core.firewall.macro.Macro;
import ai.thinkheads.droptrace.core.firewall.macro.MacroEntry;
import ai.thinkheads.droptrace.core.firewall.macro.Macros;
import ai.thinkheads.droptrace.core.firewall.net.AddressSpec;
import ai.thinkheads.droptrace.core.firewall.net.IcmpType;
import ai.thinkheads.droptrace.core.firewall.net.PortSpec;
import ai.thinkheads.droptrace.core.firewall.net.Protocols;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The value checks of pve-firewall's {@code verify_rule} that need nothing but the rule itself.
 * Whether an alias, ipset or group exists is checked when the ruleset is compiled.
 */
final class RuleChecks {

    private RuleChecks() {
    }

    static List<String> check(Rule rule, Env env) {
        List<String> errors = new ArrayList<>();
        String action = rule.action();
        switch (rule.type()) {
            case IN, OUT -> {
                if (!action.matches("ACCEPT|DROP|REJECT")) {
                    errors.add("action: unknown action '" + action + "'");
                }
            }
            case FORWARD -> {
                if (env == Env.GUEST) {
                    errors.add("type: forward rules are not allowed in guest files");
                } else if (!action.matches("ACCEPT|DROP")) {
                    errors.add("action: forward rules take ACCEPT or DROP, not '" + action + "'");
                }
            }
            case GROUP -> {
                if (env == Env.GROUP) {
                    errors.add("type: security groups not allowed");
                }
                if (!Names.NAME.matcher(action).matches() || action.length() > Names.MAX_GROUP_LENGTH + 2) {
                    errors.add("action: invalid characters in security group name");
                }
            }
            default -> throw new IllegalStateException();
        }
        if (rule.iface() != null) {
            if (env == Env.GROUP) {
                errors.add("type: parameter -i not allowed for this rule type");
            } else if (!Names.IFACE.matcher(rule.iface()).matches()) {
                errors.add("iface: invalid format - value does not look like a valid interface name");
            } else if (env == Env.GUEST && !Names.GUEST_IFACE.matcher(rule.iface()).matches()) {
                errors.add("iface: value does not match the regex pattern 'net\\d+'");
            }
        }
        Optional<Macro> macro = Optional.empty();
        if (rule.macro() != null) {
            macro = Macros.find(rule.macro());
            if (macro.isEmpty()) {
                errors.add("macro: unknown macro '" + rule.macro() + "'");
            }
        }
        int version = 0;
        String proto = rule.proto();
        if (proto != null) {
            if (Protocols.number(proto) < 0) {
                errors.add("proto: unknown protocol '" + proto + "'");
            }
            if (proto.equals("icmp")) {
                version = 4;
            } else if (proto.equals("icmpv6") || proto.equals("ipv6-icmp")) {
                version = 6;
            }
        }
        checkDport(rule, errors);
        checkIcmpType(rule, errors);
        // as for dport, verify_rule tests the value for truth: "-sport 0" is no source port and needs no protocol
        if (rule.sport() != null && !rule.sport().equals("0")) {
            PortSpec spec = PortSpec.parse(rule.sport());
            if (!spec.valid()) {
                errors.add("sport: " + spec.error());
            }
            if (proto == null) {
                errors.add("proto: missing property - 'sport' requires this property");
            } else if (!Protocols.hasPorts(Protocols.number(proto))) {
                errors.add("sport: protocol '" + proto + "' does not support ports");
            }
        }
        version = checkAddress("source", rule.source(), version, errors);
        checkAddress("dest", rule.dest(), version, errors);
        macro.ifPresent(m -> checkMacroParameters(rule, m, errors));
        return errors;
    }

    private static void checkDport(Rule rule, List<String> errors) {
        String dport = rule.dport();
        // pve-firewall tests the value for truth: "-dport 0" is treated as no port at all
        if (dport == null || dport.equals("0")) {
            return;
        }
        String proto = rule.proto();
        boolean icmp = "icmp".equals(proto) || "icmpv6".equals(proto);
        if (icmp && IcmpType.isName(dport)) {
            if (dport.contains(",")) {
                errors.add("dport: ICMP ports not allowed in port range");
            }
        } else {
            PortSpec spec = PortSpec.parse(dport);
            if (!spec.valid()) {
                errors.add("dport: " + spec.error());
            }
        }
        if (proto == null) {
            errors.add("proto: missing property - 'dport' requires this property");
        } else if (!Protocols.hasPorts(Protocols.number(proto)) && !icmp) {
            errors.add("dport: protocol '" + proto + "' does not support ports");
        }
    }

    private static void checkIcmpType(Rule rule, List<String> errors) {
        String icmpType = rule.icmpType();
        // verify_rule tests it for truth ('if (my $icmp_type = ...)'): '-icmp-type 0' is never checked, and compiled
        // as type 0 (echo-reply) with an ICMP protocol, left out without a protocol (see RuleCompiler)
        if (icmpType == null || icmpType.equals("0")) {
            return;
        }
        String proto = rule.proto();
        if (!"icmp".equals(proto) && !"icmpv6".equals(proto) && !"ipv6-icmp".equals(proto)) {
            errors.add("proto: missing property - 'icmp-type' requires this property");
            return;
        }
        if (rule.dport() != null) {
            errors.add("icmp-type: 'icmp-type' cannot be specified together with 'dport'");
        }
        // verify_rule looks -icmp-type up in its tables of names: a number ('8', which the dport slot of an icmp
        // rule takes) or iptables' type/code ('3/4') never gets through, and the rule is never compiled
        if (!IcmpType.isName(icmpType, !"icmp".equals(proto))) {
            errors.add("icmp-type: invalid icmp-type '" + icmpType + "' for proto '" + proto + "'");
        }
    }

    private static int checkAddress(String name, String value, int version, List<String> errors) {
        if (value == null) {
            return version;
        }
        if (value.length() > 512) {
            errors.add(name + ": value may not be longer than 512 characters");
            return version;
        }
        if (value.startsWith("+")) {
            if (!Names.IPSET_REF.matcher(value).matches()) {
                errors.add(name + ": invalid ipset name '" + value + "'");
            } else if (value.length() > Names.MAX_IPSET_LENGTH + 1 + 6) {
                errors.add(name + ": ipset name too long");
            }
            return version;
        }
        if (Names.ALIAS_REF.matcher(value).matches()) {
            return version;
        }
        AddressSpec spec = AddressSpec.list(value);
        if (!spec.valid()) {
            errors.add(name + ": " + spec.error());
            return version;
        }
        if (version != 0 && version != spec.version()) {
            errors.add(name + ": detected mixed ipv4/ipv6 addresses in rule");
            return version;
        }
        return spec.version();
    }

    /** A macro's own values may not be overridden by the rule: {@code SSH(ACCEPT) -p udp} is an error. */
    private static void checkMacroParameters(Rule rule, Macro macro, List<String> errors) {
        for (MacroEntry entry : macro.entries()) {
            conflict("proto", entry.proto(), rule.proto(), errors);
            conflict("dport", entry.dport(), rule.dport(), errors);
            conflict("sport", entry.sport(), rule.sport(), errors);
        }
    }

    private static void conflict(String key, String macroValue, String ruleValue, List<String> errors) {
        String message = key + ": parameter '" + key + "' already defined in macro (value = '" + macroValue + "')";
        if (macroValue != null && ruleValue != null && !macroValue.equals(ruleValue) && !errors.contains(message)) {
            errors.add(message);
        }
    }
}
