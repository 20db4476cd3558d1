package ai.thinkheads.droptrace.core.phoenix;

import ai.thinkheads.droptrace.core.inventory.GuestType;
import java.util.ArrayList;
import java.util.List;

/**
 * Emulates the Phoenix generators: the {@code .fw} files {@code phoenix-cli sync} leaves in
 * {@code /etc/pve/firewall}, line by line, each line tied to the JSON it comes from. Nothing is
 * written to disk. See {@link Generator} for what each generation does.
 */
public final class FwGenerator {

    static final String SETUP = "hypervisor_feature_setup_firewall.sh";
    static final String LXC_MANAGER = "lxc-manager.sh (pvesh)";
    static final String VM_MANAGER = "vm-manager.sh";

    private FwGenerator() {
    }

    public static GeneratedConfig generate(PhoenixSite site, Generator generator) {
        List<GeneratedFile> files = new ArrayList<>();
        FirewallSection global = site.firewall();
        boolean on = global != null && global.isEnabled();
        if (generator == Generator.OLD) {
            if (on) {
                files.add(oldCluster(site, global));
            }
            for (PhoenixGuest g : site.guests()) {
                if (g.type() == GuestType.LXC && g.firewallEnabled() && !g.firewall().rules().isEmpty()) {
                    files.add(apiGuestFile(g));
                } else if (g.type() == GuestType.QEMU && g.firewallEnabled()) {
                    files.add(guestFile(site, g, RuleLineFormat.VM_MANAGER, VM_MANAGER, false));
                }
            }
        } else if (on) {
            files.add(newCluster(global));
            for (PhoenixGuest g : site.guests()) {
                files.add(guestFile(site, g, RuleLineFormat.NEW_GENERATOR, SETUP, true));
            }
            FileBuilder host = new FileBuilder("firewall/" + site.host().name() + ".fw");
            host.add("[OPTIONS]", global.at(), SETUP);
            host.add("enable: 1", global.enabledAt(), SETUP);
            files.add(host.build(false, "the generator's host file: pve-firewall reads host options from nodes/"
                    + site.host().name() + "/host.fw, never from this path"));
        }
        return new GeneratedConfig(generator, site.host().name(), files);
    }

    private static GeneratedFile oldCluster(PhoenixSite site, FirewallSection global) {
        FileBuilder f = clusterHead(global);
        global.rules().forEach(r -> f.add(RuleLineFormat.OLD_GENERATOR.line(r), r.at(), SETUP));
        for (GuestType type : List.of(GuestType.LXC, GuestType.QEMU)) {
            for (PhoenixGuest g : site.guests()) {
                if (g.type() == type && g.firewall() != null) {
                    g.firewall().rules().forEach(r -> f.add(RuleLineFormat.OLD_GENERATOR.line(r), r.at(), SETUP));
                }
            }
        }
        return f.build(true, "the older generator appends every global, LXC and VM rule here");
    }

    private static GeneratedFile newCluster(FirewallSection global) {
        FileBuilder f = clusterHead(global);
        f.add("IN ACCEPT -i lo", global.at(), SETUP);
        global.rules().forEach(r -> f.add(RuleLineFormat.NEW_GENERATOR.line(r), r.at(), SETUP));
        return f.build(true, null);
    }

    private static FileBuilder clusterHead(FirewallSection global) {
        FileBuilder f = new FileBuilder("firewall/cluster.fw");
        f.add("[OPTIONS]", global.at(), SETUP);
        f.add("enable: 1", global.enabledAt(), SETUP);
        // jq -r prints "null" for a missing policy, and the generator writes it as it comes.
        f.add("policy_in: " + (global.inputPolicy() == null ? "null" : global.inputPolicy()),
                global.inputPolicyAt() == null ? absent(global, "default_input_policy") : global.inputPolicyAt(), SETUP);
        f.add("policy_out: " + (global.outputPolicy() == null ? "null" : global.outputPolicy()),
                global.outputPolicyAt() == null ? absent(global, "default_output_policy") : global.outputPolicyAt(), SETUP);
        f.add("", null, SETUP);
        f.add("[RULES]", global.rulesAt(), SETUP);
        return f;
    }

    /** Where a key left out of the section belongs: its path, at the line of the section. */
    private static JsonLocation absent(FirewallSection section, String key) {
        return new JsonLocation(section.at().file(), JsonLocation.member(section.at().path(), key), section.at().line());
    }

    /** lxc-manager deletes the guest's rules and creates each through the API, which puts a new rule on top. */
    private static GeneratedFile apiGuestFile(PhoenixGuest g) {
        FileBuilder f = new FileBuilder("firewall/" + g.vmid() + ".fw");
        f.add("[RULES]", g.firewall().at(), LXC_MANAGER);
        f.add("", null, LXC_MANAGER);
        List<PhoenixRule> rules = g.firewall().rules();
        for (int i = rules.size() - 1; i >= 0; i--) {
            f.add(RuleLineFormat.API.line(rules.get(i)), rules.get(i).at(), LXC_MANAGER);
        }
        return f.build(true, "written through the API without 'enable: 1': pve-firewall compiles none of it");
    }

    private static GeneratedFile guestFile(PhoenixSite site, PhoenixGuest g, RuleLineFormat format, String writer,
            boolean newer) {
        FileBuilder f = new FileBuilder("firewall/" + g.vmid() + ".fw");
        if (!g.firewallEnabled()) {
            return f.build(true, g.firewall() == null ? "no firewall section: an empty file"
                    : "firewall.enabled is false: an empty file, its rules are not written");
        }
        f.add("[OPTIONS]", g.firewall().at(), writer);
        f.add("enable: 1", g.firewall().enabledAt(), writer);
        f.add("", null, writer);
        f.add("[RULES]", g.firewall().rulesAt(), writer);
        g.firewall().rules().forEach(r -> f.add(format.line(r), r.at(), writer));
        if (newer && g.type() == GuestType.LXC && g.publicInterface()) {
            JsonLocation pub = new JsonLocation(g.at().file(), JsonLocation.member(g.at().path(), "public_interface"), g.at().line());
            f.add("IN ACCEPT -i eth1 -p tcp -dport 80 -log nolog", pub, writer);
            f.add("IN ACCEPT -i eth1 -p tcp -dport 443 -log nolog", pub, writer);
        }
        if (g.type() == GuestType.QEMU) {
            for (StackRules s : site.stacksOf(g.vmid())) {
                s.rules().forEach(r -> f.add(format.line(r), r.at(), writer));
            }
        }
        return f.build(true, null);
    }

    private static final class FileBuilder {
        private final String path;
        private final List<GeneratedLine> lines = new ArrayList<>();

        FileBuilder(String path) {
            this.path = path;
        }

        void add(String text, JsonLocation at, String writer) {
            lines.add(new GeneratedLine(lines.size() + 1, text, at, writer));
        }

        GeneratedFile build(boolean read, String note) {
            return new GeneratedFile(path, read, note, lines);
        }
    }
}
