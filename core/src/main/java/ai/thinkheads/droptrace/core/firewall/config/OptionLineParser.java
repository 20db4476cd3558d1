package ai.thinkheads.droptrace.core.firewall.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one {@code [OPTIONS]} line with the option names and value forms pve-firewall accepts for
 * the file kind ({@code parse_clusterfw_option}, {@code parse_hostfw_option}, {@code parse_vmfw_option}).
 */
final class OptionLineParser {

    record Result(String key, String value, String error) {
    }

    private static final String LEVELS = "emerg|alert|crit|err|warning|notice|info|debug|nolog";
    private static final int I = Pattern.CASE_INSENSITIVE;

    private static final Pattern CLUSTER_INT = Pattern.compile("^(enable):\\s*(\\d+)\\s*$", I);
    private static final Pattern CLUSTER_BOOL = Pattern.compile("^(ebtables):\\s*(0|1)\\s*$", I);
    private static final Pattern POLICY = Pattern.compile("^(policy_(?:in|out)):\\s*(ACCEPT|DROP|REJECT)\\s*$", I);
    private static final Pattern POLICY_FORWARD = Pattern.compile("^(policy_forward):\\s*(ACCEPT|DROP)\\s*$", I);
    private static final Pattern RATELIMIT = Pattern.compile("^(log_ratelimit):\\s*(\\S+)\\s*$");

    private static final Pattern HOST_BOOL = Pattern.compile("^(enable|nosmurfs|tcpflags|ndp|log_nf_conntrack"
            + "|nf_conntrack_allow_invalid|protection_synflood|nftables):\\s*(0|1)\\s*$", I);
    private static final Pattern HOST_LEVEL = Pattern.compile("^(log_level_in|log_level_out|log_level_forward"
            + "|tcp_flags_log_level|smurf_log_level):\\s*((" + LEVELS + ")\\s*)?$", I);
    private static final Pattern HOST_INT = Pattern.compile("^(nf_conntrack_max|nf_conntrack_tcp_timeout_established"
            + "|nf_conntrack_tcp_timeout_syn_recv|protection_synflood_rate|protection_synflood_burst"
            + "|protection_limit):\\s*(\\d+)\\s*$", I);
    private static final Pattern HOST_HELPERS = Pattern.compile("^(nf_conntrack_helpers):\\s*(\\S*)\\s*$", I);

    private static final Pattern GUEST_BOOL =
            Pattern.compile("^(enable|dhcp|ndp|radv|macfilter|ipfilter|ips):\\s*(0|1)\\s*$", I);
    private static final Pattern GUEST_LEVEL =
            Pattern.compile("^(log_level_in|log_level_out):\\s*((" + LEVELS + ")\\s*)?$", I);
    private static final Pattern GUEST_QUEUES = Pattern.compile("^(ips_queues):\\s*((\\d+)(:(\\d+))?)\\s*$", I);
    private static final Pattern GUEST_L2 = Pattern.compile("^(layer2_protocols):\\s*((\\S+[,]?)+)\\s*$", I);

    private OptionLineParser() {
    }

    static Result parse(String line, FileKind kind) {
        Result r = read(line, kind);
        if (r != null) {
            return r;
        }
        // pve-firewall says only "can't parse option"; an option of another file (log_level_in in cluster.fw,
        // policy_in in host.fw) is a common slip, so say where it belongs
        for (FileKind other : FileKind.values()) {
            if (other != kind && read(line, other) != null) {
                return new Result(null, null, "can't parse option '" + line + "' - it is an option of " + fileOf(other)
                        + ", not of " + fileOf(kind));
            }
        }
        return new Result(null, null, "can't parse option '" + line + "'");
    }

    private static String fileOf(FileKind kind) {
        return switch (kind) {
            case CLUSTER -> "cluster.fw";
            case HOST -> "host.fw";
            case GUEST -> "a guest's <vmid>.fw";
        };
    }

    private static Result read(String line, FileKind kind) {
        return switch (kind) {
            case CLUSTER -> first(line, plain(CLUSTER_INT), plain(CLUSTER_BOOL), upper(POLICY), upper(POLICY_FORWARD),
                    plain(RATELIMIT));
            case HOST -> first(line, plain(HOST_BOOL), level(HOST_LEVEL), plain(HOST_INT), plain(HOST_HELPERS));
            case GUEST -> first(line, plain(GUEST_BOOL), level(GUEST_LEVEL), upper(POLICY), plain(GUEST_QUEUES),
                    plain(GUEST_L2));
        };
    }

    private interface Form {
        Result read(String line);
    }

    private static Form plain(Pattern p) {
        return line -> {
            Matcher m = p.matcher(line);
            return m.matches() ? new Result(m.group(1).toLowerCase(Locale.ROOT), m.group(2), null) : null;
        };
    }

    private static Form upper(Pattern p) {
        return line -> {
            Matcher m = p.matcher(line);
            return m.matches() ? new Result(m.group(1).toLowerCase(Locale.ROOT), m.group(2).toUpperCase(Locale.ROOT), null)
                    : null;
        };
    }

    private static Form level(Pattern p) {
        return line -> {
            Matcher m = p.matcher(line);
            if (!m.matches()) {
                return null;
            }
            String value = m.group(3) == null ? "" : m.group(3).toLowerCase(Locale.ROOT);
            return new Result(m.group(1).toLowerCase(Locale.ROOT), value, null);
        };
    }

    private static Result first(String line, Form... forms) {
        for (Form f : forms) {
            Result r = f.read(line);
            if (r != null) {
                return r;
            }
        }
        return null;
    }
}
