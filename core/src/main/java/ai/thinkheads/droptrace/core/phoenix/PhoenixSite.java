package ai.thinkheads.droptrace.core.phoenix;

import ai.thinkheads.droptrace.core.firewall.config.ParseWarning;
import ai.thinkheads.droptrace.core.inventory.Guest;
import ai.thinkheads.droptrace.core.inventory.Inventory;
import ai.thinkheads.droptrace.core.inventory.Nic;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything droptrace reads from a Phoenix {@code etc/} folder: the host, the global firewall,
 * the guests with their firewalls, the stacks' rules, and what could not be read.
 *
 * @param etcDir the folder as given
 * @param layout where the global firewall section was found
 * @param firewall the global firewall section, {@code null} when the configuration has none
 * @param warnings what was skipped, with file and line
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PhoenixSite(String etcDir, Layout layout, PhoenixHost host, FirewallSection firewall,
        List<PhoenixGuest> guests, List<StackRules> stacks, List<ParseWarning> warnings) {

    /** Where the global firewall section lives in {@code phoenix_hypervisor_config.json}. */
    public enum Layout {
        /** {@code .shared_volumes.firewall}: the project's design and main branch (up to 2025-11-16). */
        NESTED,
        /** {@code .firewall}: from 2025-11-16 on. */
        TOP_LEVEL,
        /** No firewall section at all. */
        NONE
    }

    public static final String HYPERVISOR_FILE = "phoenix_hypervisor_config.json";
    public static final String LXC_FILE = "phoenix_lxc_configs.json";
    public static final String VM_FILE = "phoenix_vm_configs.json";

    public PhoenixSite {
        Objects.requireNonNull(etcDir, "etcDir");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(host, "host");
        guests = List.copyOf(guests);
        stacks = List.copyOf(stacks);
        warnings = List.copyOf(warnings);
    }

    public Optional<PhoenixGuest> guest(int vmid) {
        return guests.stream().filter(g -> g.vmid() == vmid).findFirst();
    }

    /** The guest that has {@code address}, if any. */
    public Optional<PhoenixGuest> guestByAddress(String address) {
        return guests.stream().filter(g -> g.addresses().contains(address)).findFirst();
    }

    /** The stacks merged into VM {@code vmid}'s file, in the order the VM names them. */
    public List<StackRules> stacksOf(int vmid) {
        return stacks.stream().filter(s -> s.vmid() == vmid).toList();
    }

    /**
     * Every rule: the global ones, each guest's, each stack's; a stack deployed by several VMs is read for each, and
     * its rules, one place in its file, are listed once.
     */
    public List<PhoenixRule> allRules() {
        List<PhoenixRule> all = new ArrayList<>();
        if (firewall != null) {
            all.addAll(firewall.rules());
        }
        for (PhoenixGuest g : guests) {
            if (g.firewall() != null) {
                all.addAll(g.firewall().rules());
            }
        }
        Set<JsonLocation> stackRules = new HashSet<>();
        stacks.forEach(s -> s.rules().stream().filter(r -> stackRules.add(r.at())).forEach(all::add));
        return all;
    }

    /** The rule declared at {@code path} of {@code file}. */
    public Optional<PhoenixRule> rule(String file, String path) {
        return allRules().stream().filter(r -> r.at().file().equals(file) && path.equals(r.at().path())).findFirst();
    }

    /**
     * The site as droptrace's inventory: net0 from {@code network_config}, net1 from {@code secondary_network_config},
     * firewall=1 when the guest's firewall is enabled.
     */
    public Inventory inventory() {
        List<Guest> out = new ArrayList<>();
        for (PhoenixGuest g : guests) {
            List<String> addresses = g.address() == null ? List.of() : List.of(g.address());
            List<Nic> nics = new ArrayList<>();
            nics.add(new Nic(0, g.bridge() == null ? "vmbr0" : g.bridge(), g.firewallEnabled(), g.mac(), addresses));
            PhoenixGuest.SecondaryNic second = g.secondary();
            if (second != null) {
                // Assumed: the generator sets firewall= on the second NIC as on the first.
                nics.add(new Nic(1, second.bridge(), g.firewallEnabled(), second.mac(),
                        second.address() == null ? List.of() : List.of(second.address())));
            }
            out.add(new Guest(g.vmid(), g.name(), g.type(), host.name(), nics));
        }
        return new Inventory(host.name(), host.addresses(), out);
    }

    public PhoenixSite withFirewall(FirewallSection replacement) {
        return new PhoenixSite(etcDir, layout, host, replacement, guests, stacks, warnings);
    }

    public PhoenixSite withGuest(PhoenixGuest replacement) {
        List<PhoenixGuest> list = guests.stream().map(g -> g.vmid() == replacement.vmid() ? replacement : g).toList();
        return new PhoenixSite(etcDir, layout, host, firewall, list, stacks, warnings);
    }

    public PhoenixSite withStacks(List<StackRules> replacement) {
        return new PhoenixSite(etcDir, layout, host, firewall, guests, replacement, warnings);
    }
}
