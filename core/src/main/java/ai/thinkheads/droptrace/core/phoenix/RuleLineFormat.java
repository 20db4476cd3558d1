package ai.thinkheads.droptrace.core.phoenix;

import java.util.Locale;

/**
 * How each part of each Phoenix generator turns a JSON rule into a {@code .fw} line, quirks kept:
 * the older {@code generate_rule_string} writes {@code iface X} without a dash, the newer one
 * {@code -iface X} (pve-firewall knows only {@code -i}); vm-manager orders {@code -p -dport -source
 * -dest}; rules created through the API are written by pve-firewall's own writer
 * ({@code -source -dest -p -dport}). Missing values are left out, as the jq {@code // ""} does.
 */
public enum RuleLineFormat {
    /** {@code generate_rule_string} of the design and main branch: {@code TYPE ACTION [iface X] [-p P] [-source S] [-dest D] [-dport P] [# C]}. */
    OLD_GENERATOR,
    /** {@code generate_rule_string} from 2025-11-14: {@code TYPE ACTION [-iface X] [-proto P] [-source S] [-dest D] [-dport P] [# C]}. */
    NEW_GENERATOR,
    /** vm-manager of the main branch: {@code TYPE ACTION [-p P] [-dport P] [-source S] [-dest D] [# C]}. */
    VM_MANAGER,
    /** pve-firewall's writer, for rules lxc-manager creates with {@code pvesh}: {@code TYPE ACTION [-source S] [-dest D] [-p P] [-dport P] [# C]}. */
    API;

    public String line(PhoenixRule r) {
        String action = r.action() == null ? "" : r.action();
        StringBuilder b = new StringBuilder(upper(r.type())).append(' ')
                .append(this == NEW_GENERATOR || this == API ? action.toUpperCase(Locale.ROOT) : action);
        switch (this) {
            case OLD_GENERATOR -> {
                opt(b, "iface", r.iface());
                opt(b, "-p", r.proto());
                opt(b, "-source", r.source());
                opt(b, "-dest", r.dest());
                opt(b, "-dport", r.port());
            }
            case NEW_GENERATOR -> {
                opt(b, "-iface", r.iface());
                opt(b, "-proto", r.proto());
                opt(b, "-source", r.source());
                opt(b, "-dest", r.dest());
                opt(b, "-dport", r.port());
            }
            case VM_MANAGER -> {
                opt(b, "-p", r.proto());
                opt(b, "-dport", r.port());
                opt(b, "-source", r.source());
                opt(b, "-dest", r.dest());
            }
            case API -> {
                opt(b, "-source", r.source());
                opt(b, "-dest", r.dest());
                opt(b, "-p", r.proto());
                opt(b, "-dport", r.port());
            }
        }
        if (r.comment() != null && !r.comment().isEmpty()) {
            b.append(" # ").append(r.comment().replace('\n', ' ').replace('\r', ' '));
        }
        return b.toString();
    }

    private static String upper(String s) {
        return s == null ? "" : s.toUpperCase(Locale.ROOT);
    }

    private static void opt(StringBuilder b, String name, String value) {
        if (value != null && !value.isEmpty()) {
            b.append(' ').append(name).append(' ').append(value);
        }
    }
}
