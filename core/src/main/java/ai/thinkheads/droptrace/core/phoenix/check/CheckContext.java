package ai.thinkheads.droptrace.core.phoenix.check;

import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.config.OptionSetting;
import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import ai.thinkheads.droptrace.core.phoenix.Addresses;
import ai.thinkheads.droptrace.core.phoenix.GeneratedConfig;
import ai.thinkheads.droptrace.core.phoenix.PhoenixGuest;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRule;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleset;
import ai.thinkheads.droptrace.core.phoenix.PhoenixSite;
import ai.thinkheads.droptrace.core.phoenix.StackRules;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What every check needs: the site, the generated files, the ruleset and its tracer, and a few lookups. */
final class CheckContext {

    final PhoenixRuleset phoenix;
    final PhoenixSite site;
    final RuleTracer tracer;

    CheckContext(PhoenixRuleset phoenix, RuleTracer tracer) {
        this.phoenix = phoenix;
        this.site = phoenix.site();
        this.tracer = tracer;
    }

    /** The guest whose file a rule belongs in (its own, or the VM of its stack); 0 for a global rule. */
    int owner(PhoenixRule r) {
        String path = r.at().path() == null ? "" : r.at().path();
        for (PhoenixGuest g : site.guests()) {
            if (g.firewall() != null && g.at().file().equals(r.at().file())
                    && path.startsWith(g.firewall().rulesPath() + "[")) {
                return g.vmid();
            }
        }
        for (StackRules s : site.stacks()) {
            if (s.rules().contains(r)) {
                return s.vmid();
            }
        }
        return 0;
    }

    Optional<GeneratedConfig.Placement> placement(PhoenixRule r) {
        return phoenix.generated().placement(r.at(), owner(r));
    }

    /** True when pve-firewall builds a chain for the guest: its file has {@code enable: 1} and its NIC firewall=1. */
    boolean chainOn(int vmid) {
        boolean enabled = phoenix.ruleset().guest(vmid).map(f -> f.flag("enable", false)).orElse(false);
        boolean nic = phoenix.ruleset().inventory().byVmid(vmid).map(g -> g.nics().stream().anyMatch(n -> n.firewall()))
                .orElse(false);
        return enabled && nic;
    }

    /** The line of {@code enable: 1} in a guest's file (or 0). */
    int enableLine(int vmid) {
        return phoenix.ruleset().guest(vmid).flatMap(f -> f.option("enable")).map(OptionSetting::line).orElse(0);
    }

    /** The guest's effective {@code policy_in}: its file's option, or pve-firewall's default DROP. */
    String policyIn(int vmid) {
        return phoenix.ruleset().guest(vmid).flatMap(f -> f.option("policy_in")).map(OptionSetting::value).orElse("DROP");
    }

    /**
     * The host's address on the network of {@code guestAddress} (where it pings the guest and answers its DNS from:
     * 172.16.100.1 for a guest on the internal bridge), else its first address.
     */
    String hostAddressFor(String guestAddress) {
        List<String> addresses = hostAddresses();
        for (String network : site.host().networks()) {
            if (Addresses.contains(network, guestAddress)) {
                Optional<String> own = addresses.stream().filter(a -> Addresses.contains(network, a)).findFirst();
                if (own.isPresent()) {
                    return own.get();
                }
            }
        }
        return addresses.isEmpty() ? null : addresses.get(0);
    }

    /** The host's own addresses: the JSON's, or those {@code --host-address} (or {@code --inventory}) gives instead. */
    List<String> hostAddresses() {
        return phoenix.ruleset().inventory().hostAddresses();
    }

    /** The site network holding both addresses, else the site's first network ({@code null} when it has none). */
    String networkOf(String guestAddress, String hostAddress) {
        List<String> networks = site.host().networks();
        return networks.stream().filter(n -> Addresses.contains(n, guestAddress) && Addresses.contains(n, hostAddress))
                .findFirst().orElse(networks.isEmpty() ? null : networks.get(0));
    }

    Optional<FwFile> guestFile(int vmid) {
        return phoenix.ruleset().guest(vmid);
    }

    /**
     * The guest a host name or address of an application setting points at: an address of a guest,
     * or a name whose first label is the guest's {@code traefik_service.name} or the first word of
     * its name ({@code traefik.internal.thinkheads.ai} is Traefik-Internal).
     */
    Optional<PhoenixGuest> resolve(String host) {
        Optional<PhoenixGuest> byAddress = site.guestByAddress(host);
        if (byAddress.isPresent() || host.matches("[0-9.]+|.*:.*")) {
            return byAddress;
        }
        String label = host.toLowerCase(Locale.ROOT).split("\\.")[0];
        for (PhoenixGuest g : site.guests()) {
            String name = g.name() == null ? "" : g.name().toLowerCase(Locale.ROOT);
            if (label.equals(g.serviceName() == null ? null : g.serviceName().toLowerCase(Locale.ROOT))
                    || name.equals(label) || name.split("-")[0].equals(label)) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    String label(int vmid) {
        return site.guest(vmid).map(PhoenixGuest::label).orElse("guest " + vmid);
    }

    /** {@code tcp/80 from 10.0.0.153}, {@code all protocols to anyone} - what a rule matches, in words. */
    static String matches(PhoenixRule r) {
        String proto = r.proto() == null ? "all protocols" : r.proto();
        String port = r.port() == null ? "" : "/" + r.port();
        String from = r.source() == null ? "" : " from " + r.source();
        String to = r.dest() == null ? "" : " to " + r.dest();
        if (from.isEmpty() && to.isEmpty()) {
            if (r.isOut()) {
                to = " to anyone";
            } else {
                from = " from anyone";
            }
        }
        return proto + port + from + to;
    }
}
