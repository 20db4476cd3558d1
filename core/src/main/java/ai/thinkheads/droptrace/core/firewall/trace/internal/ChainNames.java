package ai.thinkheads.droptrace.core.firewall.trace.internal;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryReader;
import ai.thinkheads.droptrace.core.firewall.trace.Builtin;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the chain named in a log line to the compiled chain that holds its log rule: iptables
 * names ({@code tap100i0-IN}, {@code PVEFW-HOST-IN}, {@code GROUP-web-IN}, {@code PVEFW-smurflog})
 * and nftables names ({@code guest-100-in}, {@code host-in}, {@code cluster-in}, {@code group-web-in},
 * {@code log-smurfs}).
 */
final class ChainNames {

    /**
     * Where a line's chain leads.
     *
     * @param chain the compiled chain to evaluate, {@code null} when there is none
     * @param builtin for a built-in log chain, which filter; else {@code null}
     * @param hostOut true for the host's outbound chain (its interface is the OUT= of the line)
     * @param reason why there is no chain
     */
    record Target(Chain chain, Builtin builtin, boolean hostOut, String reason) {
        static Target none(String reason) {
            return new Target(null, null, false, reason);
        }
    }

    // VMIDs have at most 9 digits and NICs 2: a longer number (a corrupted or forged line) names no chain
    private static final Pattern GUEST = Pattern.compile("(tap|veth)(\\d{1,9})i(\\d{1,2})-(IN|OUT)");
    private static final Pattern GROUP = Pattern.compile("GROUP-(.+)-(IN|OUT)");
    private static final Pattern NFT_GUEST = Pattern.compile("guest-(\\d{1,9})-(in|out)");
    private static final Pattern NFT_GROUP = Pattern.compile("group-(.+)-(in|out)");
    private static final Pattern DEVICE = Pattern.compile("(?:tap|veth)(\\d{1,9})i(\\d{1,2})");

    private final CompiledFirewall fw;

    ChainNames(CompiledFirewall fw) {
        this.fw = fw;
    }

    Target resolve(FirewallEvent e) {
        String name = e.chain();
        if (!fw.enabled()) {
            return Target.none("the firewall of this configuration is off (" + fw.disabledReason() + ")");
        }
        Matcher m = GUEST.matcher(name);
        if (m.matches()) {
            return guest(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), m.group(4).equals("IN"), name);
        }
        m = NFT_GUEST.matcher(name);
        if (m.matches()) {
            int vmid = Integer.parseInt(m.group(1));
            boolean in = m.group(2).equals("in");
            return guest(vmid, nicOf(e, vmid, in), in, name);
        }
        switch (name) {
            case "PVEFW-HOST-IN", "host-in", "cluster-in" -> {
                return host(fw.hostIn(), false);
            }
            case "PVEFW-HOST-OUT", "host-out", "cluster-out" -> {
                return host(fw.hostOut(), true);
            }
            case "PVEFW-smurflog", "log-smurfs" -> {
                return new Target(fw.fwbrIn(), Builtin.SMURFS, false, null);
            }
            case "PVEFW-logflags", "log-invalid-tcp" -> {
                return new Target(fw.fwbrIn(), Builtin.TCPFLAGS, false, null);
            }
            case "PVEFW-blacklist" -> {
                return new Target(fw.fwbrIn(), Builtin.BLACKLIST, false, null);
            }
            case "PVEFW-FWBR-IN", "PVEFW-FWBR-OUT" -> {
                return Target.none("a '" + name + "' line is the pass log pve-firewall 3.0-19 to 3.0-21 (PVE 5.4, 2019) "
                        + "wrote as a packet entered a guest's chain, before any rule decided it: no rule or policy wrote it");
            }
            default -> {
                // groups below
            }
        }
        m = GROUP.matcher(name);
        if (!m.matches()) {
            m = NFT_GROUP.matcher(name);
            if (!m.matches()) {
                return Target.none("'" + name + "' is not a chain pve-firewall writes log lines from");
            }
        }
        boolean out = m.group(2).equalsIgnoreCase("OUT");
        Chain group = fw.group(m.group(1).toLowerCase(Locale.ROOT), out);
        return group == null ? Target.none("security group '" + m.group(1) + "' is not defined in cluster.fw")
                : new Target(group, null, out, null);
    }

    private Target host(Chain chain, boolean out) {
        return chain == null ? Target.none(fw.hostDisabledReason()) : new Target(chain, null, out, null);
    }

    private Target guest(int vmid, int nic, boolean in, String name) {
        GuestChains gc = fw.guests().get(vmid);
        if (gc == null) {
            return Target.none("guest " + vmid + " is not in this configuration, so " + name + " does not exist");
        }
        if (!gc.enabled()) {
            return Target.none(gc.disabledReason() + ", so " + name + " does not exist");
        }
        GuestChains.NicChains chains = gc.nics().get(nic);
        if (chains == null) {
            return Target.none("net" + nic + " of guest " + vmid + " has no firewall (firewall=0 or no such NIC), so "
                    + name + " does not exist");
        }
        Chain chain = in ? chains.in() : chains.out();
        if (GUEST.matcher(name).matches() && !chain.name().equals(name) && !assumed(vmid)) {
            // tap is a VM's, veth a container's: the line was written for a guest of the other type with this VMID
            return Target.none("guest " + vmid + " is a " + (chain.name().startsWith("tap") ? "VM" : "container")
                    + ", whose chain is " + chain.name() + ", so " + name + " does not exist (the VMID was a guest of the "
                    + "other type when the line was written?)");
        }
        return new Target(chain, null, false, null);
    }

    /** A guest with a .fw file and no configuration, taken for a container: its type is not known. */
    private boolean assumed(int vmid) {
        String said = ConfigDirectoryReader.NO_GUEST_CONFIGURATION + vmid + ";";
        return fw.ruleset().warnings().stream().anyMatch(w -> w.message().startsWith(said));
    }

    /** The NIC of an nftables guest line: from the tap/veth device in PHYSIN/PHYSOUT, else the first firewalled NIC. */
    private int nicOf(FirewallEvent e, int vmid, boolean in) {
        String device = in ? e.packet().physOut() : e.packet().physIn();
        if (device != null) {
            Matcher m = DEVICE.matcher(device);
            if (m.matches() && Integer.parseInt(m.group(1)) == vmid) {
                return Integer.parseInt(m.group(2));
            }
        }
        GuestChains gc = fw.guests().get(vmid);
        return gc == null || gc.nics().isEmpty() ? 0 : gc.nics().keySet().stream().min(Integer::compare).orElse(0);
    }
}
