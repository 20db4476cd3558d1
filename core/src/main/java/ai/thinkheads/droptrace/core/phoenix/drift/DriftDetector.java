package ai.thinkheads.droptrace.core.phoenix.drift;

import ai.thinkheads.droptrace.core.firewall.config.FileKind;
import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.config.OptionSetting;
import ai.thinkheads.droptrace.core.firewall.config.Rule;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.firewall.net.AddressSpec;
import ai.thinkheads.droptrace.core.firewall.net.PortSpec;
import ai.thinkheads.droptrace.core.firewall.net.Protocols;
import ai.thinkheads.droptrace.core.phoenix.FirewallSection;
import ai.thinkheads.droptrace.core.phoenix.Generator;
import ai.thinkheads.droptrace.core.phoenix.PhoenixGuest;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Compares what a Phoenix site declares (the files its generator would write) with what a live
 * {@code /etc/pve} holds: missing and extra rules (compared by meaning, not spelling: {@code -p} and
 * {@code -proto}, option order and comments do not count), options, guest firewalls not enabled,
 * NICs without {@code firewall=1}, and host files where Proxmox does not read them.
 */
public final class DriftDetector {

    private DriftDetector() {
    }

    /**
     * @param liveDir the live directory, scanned for files the reader skips (a host file in firewall/)
     */
    public static DriftReport compare(PhoenixRuleset declared, String declaredName, Ruleset live, Path liveDir) {
        List<DriftItem> items = new ArrayList<>();
        Ruleset want = declared.ruleset();
        Set<String> compared = new HashSet<>();
        for (FwFile d : want.files()) {
            String livePath = livePath(live, d.path());
            compared.add(livePath);
            Optional<FwFile> l = live.files().stream().filter(f -> f.path().equals(livePath)).findFirst();
            UnreadableLines.compare(declared, d, livePath, l, items);
            if (l.isEmpty()) {
                if (!d.rules().isEmpty() || !d.options().isEmpty()) {
                    items.add(new DriftItem(DriftKind.MISSING_FILE, livePath, livePath + " is not there; the generator "
                            + "writes it with " + d.rules().size() + " rule(s)" + (d.flag("enable", false) ? " and 'enable: 1'" : ""),
                            declared.declaredAt(d.path(), 1).orElse(null), d.path(), null));
                }
                continue;
            }
            options(declared, d, l.get(), items);
            rules(declared, d, l.get(), items);
        }
        for (FwFile l : live.files()) {
            if (l.kind() == FileKind.HOST && !l.flag("enable", true)) {
                items.add(new DriftItem(DriftKind.OPTION_DIFFERS, l.path(), l.path() + " turns the host firewall off "
                        + "(enable: 0): the declared cluster.fw rules and policies do not filter the host, and the Phoenix "
                        + "generators never write a host.fw", null, null,
                        l.path() + ":" + l.option("enable").map(OptionSetting::line).orElse(0) + " enable: 0"));
            }
            boolean guestOn = l.vmid() != null && l.flag("enable", false);
            if (!compared.contains(l.path()) && (!l.rules().isEmpty() || guestOn)) {
                String whose = l.vmid() != null ? undeclaredGuest(declared, l.vmid())
                        : "the Phoenix generators never write a host.fw";
                items.add(new DriftItem(DriftKind.EXTRA_FILE, l.path(), l.path() + " has " + l.rules().size()
                        + " rule(s)" + (guestOn ? " and 'enable: 1'" : "") + " but " + whose, null, null, l.path()));
            }
        }
        NicFirewalls.compare(declared, live, items);
        ignoredHostFiles(live, liveDir, items);
        return new DriftReport(declaredName, liveDir.toString(), items);
    }

    /** Why the generator writes no file for guest {@code vmid}: the JSON does not know it, or declares no rules for it. */
    private static String undeclaredGuest(PhoenixRuleset declared, int vmid) {
        Optional<PhoenixGuest> g = declared.site().guest(vmid);
        if (g.isEmpty()) {
            return "guest " + vmid + " is not in the Phoenix JSON";
        }
        FirewallSection fw = g.get().firewall();
        if (fw == null) {
            return "guest " + vmid + " has no firewall in the Phoenix JSON";
        }
        String why = declared.generator() == Generator.NEW ? "the global firewall section is not enabled"
                : fw.at().file() + " " + fw.at().path() + (fw.isEnabled() ? " has no rules" : ".enabled is not true");
        return "the " + declared.generator().name().toLowerCase(Locale.ROOT) + " generator writes no file for guest "
                + vmid + " (" + why + ")";
    }

    private static void options(PhoenixRuleset declared, FwFile d, FwFile l, List<DriftItem> items) {
        if (d.vmid() != null) {
            boolean want = d.flag("enable", false);
            boolean have = l.flag("enable", false);
            FirewallSection fw = declared.site().guest(d.vmid()).map(PhoenixGuest::firewall).orElse(null);
            if (!want && have && fw != null && fw.isEnabled()) {
                // The older lxc-manager never writes 'enable: 1' for a container whose JSON enables its firewall.
                items.add(new DriftItem(DriftKind.OPTION_DIFFERS, l.path(), "enable is 1 in " + l.path() + ": the JSON "
                        + "enables it too, but the older generator's lxc-manager never writes it, so it was set by hand or "
                        + "through the API (the next sync keeps it); the guest's rules and policies apply", fw.enabledAt(),
                        null, l.path() + ":" + l.option("enable").map(OptionSetting::line).orElse(0) + " enable: 1"));
                guestPolicies(declared, d, l, items);
            } else if (want != have) {
                DriftKind kind = want ? DriftKind.FIREWALL_NOT_ENABLED : DriftKind.FIREWALL_ENABLED_UNDECLARED;
                int line = d.option("enable").map(OptionSetting::line).orElse(0);
                items.add(new DriftItem(kind, l.path(), want
                        ? "the JSON enables guest " + d.vmid() + "'s firewall but " + l.path() + " has no 'enable: 1': "
                                + "none of its rules apply"
                        : l.path() + " enables guest " + d.vmid() + "'s firewall, which the JSON does not",
                        line > 0 ? declared.declaredAt(d.path(), line).orElse(null) : null,
                        line > 0 ? d.path() + ":" + line + " enable: 1" : null,
                        have ? l.path() + ":" + l.option("enable").map(OptionSetting::line).orElse(0) + " enable: 1" : null));
            } else if (want) {
                guestPolicies(declared, d, l, items);
            }
            return;
        }
        FirewallSection global = declared.site().firewall();
        if (d.kind() == FileKind.CLUSTER && (global == null || !global.isEnabled()) && l.flag("enable", false)) {
            // the setup script stops pve-firewall and writes nothing: the live file waits for its next start
            items.add(new DriftItem(DriftKind.OPTION_DIFFERS, l.path(), "enable is 1 in " + l.path() + ", but the JSON "
                    + "does not enable the firewall: the setup script stops pve-firewall and writes no file, so nothing is "
                    + "filtered until pve-firewall starts again with this file",
                    global == null ? null : global.enabledAt() != null ? global.enabledAt() : global.at(), null,
                    l.path() + ":" + l.option("enable").map(OptionSetting::line).orElse(0) + " enable: 1"));
            return;
        }
        for (String key : List.of("enable", "policy_in", "policy_out")) {
            Optional<OptionSetting> want = d.option(key);
            Optional<OptionSetting> have = l.option(key);
            String w = want.map(OptionSetting::value).orElse(null);
            String h = have.map(OptionSetting::value).orElse(null);
            if (w != null && !w.equalsIgnoreCase(h == null ? "" : h)) {
                items.add(new DriftItem(DriftKind.OPTION_DIFFERS, l.path(), key + " is " + (h == null ? "not set" : h)
                        + " in " + l.path() + ", declared " + w, declared.declaredAt(d.path(), want.get().line()).orElse(null),
                        d.path() + ":" + want.get().line() + " " + key + ": " + w,
                        have.map(o -> l.path() + ":" + o.line() + " " + key + ": " + o.value()).orElse(null)));
            } else if (w == null && h != null && !key.equals("enable") && d.option("enable").isPresent()) {
                clusterDefault(declared, d, l, key, have.get(), items);
            }
        }
    }

    /**
     * A cluster policy the JSON leaves out (the generator writes {@code policy_out: null}, which pve-firewall skips):
     * pve-firewall's default applies, so a live value other than that default changes what the host lets through.
     */
    private static void clusterDefault(PhoenixRuleset declared, FwFile d, FwFile l, String key, OptionSetting have,
            List<DriftItem> items) {
        String fallback = key.equals("policy_in") ? "DROP" : "ACCEPT";
        if (have.value().equalsIgnoreCase(fallback)) {
            return;
        }
        int line = declared.generated().file(d.path()).flatMap(f -> f.lines().stream()
                .filter(x -> x.text().startsWith(key + ":")).findFirst()).map(x -> x.line()).orElse(0);
        items.add(new DriftItem(DriftKind.OPTION_DIFFERS, l.path(), key + " is " + have.value() + " in " + l.path()
                + ", declared " + fallback + " (pve-firewall's default: the JSON sets no policy it can read)",
                line > 0 ? declared.declaredAt(d.path(), line).orElse(null) : null, null,
                l.path() + ":" + have.line() + " " + key + ": " + have.value()));
    }

    /**
     * A guest's policies, which the Phoenix JSON cannot set: the generated file leaves pve-firewall's
     * defaults (in DROP, out ACCEPT), so a live file that sets another value changes what the guest lets through.
     */
    private static void guestPolicies(PhoenixRuleset declared, FwFile d, FwFile l, List<DriftItem> items) {
        for (String key : List.of("policy_in", "policy_out")) {
            Optional<OptionSetting> want = d.option(key);
            Optional<OptionSetting> have = l.option(key);
            String fallback = key.equals("policy_in") ? "DROP" : "ACCEPT";
            String w = want.map(OptionSetting::value).orElse(fallback);
            String h = have.map(OptionSetting::value).orElse(fallback);
            if (!w.equalsIgnoreCase(h)) {
                items.add(new DriftItem(DriftKind.OPTION_DIFFERS, l.path(), key + " is " + h + " in " + l.path()
                        + ", declared " + w + (want.isEmpty() ? " (pve-firewall's default for a guest: the Phoenix JSON "
                                + "cannot set it)" : ""),
                        want.flatMap(o -> declared.declaredAt(d.path(), o.line())).orElse(null),
                        want.map(o -> d.path() + ":" + o.line() + " " + key + ": " + w).orElse(null),
                        have.map(o -> l.path() + ":" + o.line() + " " + key + ": " + o.value()).orElse(null)));
            }
        }
    }

    private static void rules(PhoenixRuleset declared, FwFile d, FwFile l, List<DriftItem> items) {
        List<Rule> unmatched = new ArrayList<>(l.rules());
        List<Rule> matchedOrder = new ArrayList<>();
        List<Rule> declaredOrder = new ArrayList<>();
        for (Rule r : d.rules()) {
            String key = key(r);
            // a rule pve-firewall refuses ('in accept', '-p TCP') compiles to nothing, however alike it is spelt
            Optional<Rule> match = unmatched.stream()
                    .filter(x -> key(x).equals(key) && x.errors().isEmpty() == r.errors().isEmpty()).findFirst();
            Optional<Rule> refused = unmatched.stream()
                    .filter(x -> key(x).equals(key) && !x.errors().isEmpty() && r.errors().isEmpty()).findFirst();
            if (match.isPresent()) {
                unmatched.remove(match.get());
                matchedOrder.add(match.get());
                declaredOrder.add(r);
            } else if (refused.isPresent()) {
                Rule x = refused.get();
                unmatched.remove(x);
                items.add(new DriftItem(DriftKind.MISSING_RULE, l.path(), "declared rule missing from " + l.path() + ": "
                        + l.path() + ":" + x.line() + " writes it so that pve-firewall never compiles it ("
                        + String.join("; ", x.errors()) + ")",
                        declared.declaredAt(d.path(), r.line()).orElse(null), d.path() + ":" + r.line() + " " + r.text(),
                        l.path() + ":" + x.line() + " " + x.text()));
            } else {
                items.add(new DriftItem(DriftKind.MISSING_RULE, l.path(), "declared rule missing from " + l.path(),
                        declared.declaredAt(d.path(), r.line()).orElse(null), d.path() + ":" + r.line() + " " + r.text(), null));
            }
        }
        for (Rule x : unmatched) {
            items.add(new DriftItem(DriftKind.EXTRA_RULE, l.path(), "rule in " + l.path() + " that the JSON does not declare",
                    null, null, l.path() + ":" + x.line() + " " + x.text()));
        }
        ruleOrder(declared, d, l, declaredOrder, matchedOrder, items);
    }

    /**
     * The rules found on both sides, in another order in the live file (first match wins), whatever else differs in it:
     * the first live rule out of place, and the declared rule the generator writes before it.
     */
    private static void ruleOrder(PhoenixRuleset declared, FwFile d, FwFile l, List<Rule> declaredOrder,
            List<Rule> matchedOrder, List<DriftItem> items) {
        List<Rule> liveOrder = l.rules().stream().filter(matchedOrder::contains).toList();
        for (int i = 0; i < liveOrder.size(); i++) {
            Rule ahead = liveOrder.get(i);
            Rule due = matchedOrder.get(i);
            if (!ahead.equals(due)) {
                Rule first = declaredOrder.get(i);
                items.add(new DriftItem(DriftKind.RULE_ORDER, l.path(), "the same rules in another order (first match wins): "
                        + l.path() + ":" + ahead.line() + " comes before " + l.path() + ":" + due.line()
                        + ", which the generator writes first", declared.declaredAt(d.path(), first.line()).orElse(null),
                        d.path() + ":" + first.line() + " " + first.text(), l.path() + ":" + ahead.line() + " " + ahead.text()));
                return;
            }
        }
    }

    /** A rule by meaning: what pve-firewall compiles from it. */
    static String key(Rule r) {
        return String.join("|", r.enabled() ? "on" : "off", r.type().name(), r.action().toUpperCase(Locale.ROOT),
                lower(r.macro()), r.iface(), addresses(r.source()), addresses(r.dest()), protocol(r.proto()),
                ports(r.dport()), ports(r.sport()), r.log() == null || !r.log().logs() ? "nolog" : r.log().keyword(),
                r.icmpType());
    }

    /** A literal address list as the addresses it stands for (10.0.0.12 and 10.0.0.12/32 alike); an alias or ipset as written. */
    private static String addresses(String s) {
        AddressSpec spec = s == null ? null : AddressSpec.list(s);
        if (spec == null || !spec.valid()) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < spec.addresses().rangeCount(); i++) {
            b.append(i == 0 ? "" : ",").append(spec.addresses().range(i));
        }
        return b.toString();
    }

    /** Ports as the set they stand for: 80,443 and https,80 alike. */
    private static String ports(String s) {
        PortSpec spec = s == null ? null : PortSpec.parse(s);
        return spec == null || !spec.valid() ? s : spec.ports().toString();
    }

    /** A protocol by its number: tcp and 6 alike ('TCP' is none, as for pve-firewall, and stays apart by its error). */
    private static String protocol(String s) {
        String lower = lower(s);
        int number = lower == null ? -1 : Protocols.number(lower);
        return number < 0 ? lower : String.valueOf(number);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static String livePath(Ruleset live, String declaredPath) {
        return live.layout() == Ruleset.Layout.FLAT ? declaredPath.replaceFirst("^firewall/", "") : declaredPath;
    }

    private static void ignoredHostFiles(Ruleset live, Path liveDir, List<DriftItem> items) {
        Path fw = live.layout() == Ruleset.Layout.PVE ? liveDir.resolve("firewall") : liveDir;
        if (!Files.isDirectory(fw)) {
            return;
        }
        try (Stream<Path> s = Files.list(fw)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".fw") && !name.equals("cluster.fw") && !name.equals("host.fw")
                        && !name.matches("\\d+\\.fw")) {
                    String rel = liveDir.relativize(p).toString().replace('\\', '/');
                    items.add(new DriftItem(DriftKind.IGNORED_HOST_FILE, rel, rel + " looks like a host file, but "
                            + "pve-firewall reads host options and rules from " + live.hostPath(live.node())
                            + ", never from here (the newer Phoenix generator writes firewall/<hostname>.fw)", null, null, rel));
                }
            }
        } catch (IOException e) {
            items.add(new DriftItem(DriftKind.MISSING_FILE, fw.toString(), "cannot list " + fw + ": " + e.getMessage(),
                    null, null, null));
        }
    }
}
