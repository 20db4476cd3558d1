package ai.thinkheads.droptrace.core.phoenix;

import ai.thinkheads.droptrace.core.inventory.GuestType;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * One LXC ({@code .lxc_configs["<ctid>"]}) or VM ({@code .vms[i]}) of the Phoenix JSON, with what
 * droptrace needs: its network, its firewall, what it serves and where it connects to.
 *
 * @param address the IP of {@code network_config.ip} without its prefix, {@code null} for dhcp or none
 * @param cidr {@code network_config.ip} as written when it is an address
 * @param nameservers {@code network_config.nameservers} (LXC) or {@code .nameserver} (VM), empty when not set
 * @param serviceName {@code traefik_service.name} (how the site names it: {@code ca}, {@code nginx}), or {@code null}
 * @param firewall the guest's {@code firewall} object, {@code null} when it has none
 * @param stacks the stacks it deploys ({@code docker_stacks}), with their environment when named
 * @param publicInterface an LXC with {@code public_interface.enabled} (the newest generator opens 80/443 on eth1)
 * @param secondary {@code secondary_network_config} (net1; the newest Nginx has its internal address there), or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PhoenixGuest(int vmid, String name, GuestType type, JsonLocation at, String bridge, String address,
        String cidr, String gateway, List<String> nameservers, String mac, String serviceName, FirewallSection firewall,
        List<ServicePort> services, List<AppConnection> connections, List<StackRef> stacks, boolean publicInterface,
        SecondaryNic secondary) {

    /**
     * The guest's second NIC, {@code secondary_network_config}.
     *
     * @param address its IP without prefix, {@code null} for dhcp or none
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SecondaryNic(String bridge, String address, String gateway, String mac) {
    }

    /** A stack a VM deploys: {@code "qdrant_service"} or {@code {"name": ..., "environment": ...}}. */
    public record StackRef(String name, String environment) {
        public StackRef {
            Objects.requireNonNull(name, "name");
        }
    }

    public PhoenixGuest {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        nameservers = List.copyOf(nameservers);
        services = List.copyOf(services);
        connections = List.copyOf(connections);
        stacks = List.copyOf(stacks);
    }

    /** {@code ct101} or {@code vm1001}. */
    public String zone() {
        return type.zonePrefix() + vmid;
    }

    /** {@code Nginx-Phoenix (ct101)}. */
    public String label() {
        return (name == null ? "" : name + " ") + "(" + zone() + ")";
    }

    /** Every static address of the guest: {@code network_config}'s, then {@code secondary_network_config}'s. */
    public List<String> addresses() {
        List<String> all = new java.util.ArrayList<>();
        if (address != null) {
            all.add(address);
        }
        if (secondary != null && secondary.address() != null && !all.contains(secondary.address())) {
            all.add(secondary.address());
        }
        return all;
    }

    /** The address to trace the guest by: {@code network_config}'s, else its second NIC's; {@code null} when it has none. */
    public String primaryAddress() {
        List<String> all = addresses();
        return all.isEmpty() ? null : all.get(0);
    }

    public boolean firewallEnabled() {
        return firewall != null && firewall.isEnabled();
    }

    public PhoenixGuest withFirewall(FirewallSection replacement) {
        return new PhoenixGuest(vmid, name, type, at, bridge, address, cidr, gateway, nameservers, mac, serviceName, replacement,
                services, connections, stacks, publicInterface, secondary);
    }

    public PhoenixGuest withServicesAndConnections(List<ServicePort> moreServices, List<AppConnection> moreConnections) {
        List<ServicePort> s = new java.util.ArrayList<>(services);
        s.addAll(moreServices);
        List<AppConnection> c = new java.util.ArrayList<>(connections);
        c.addAll(moreConnections);
        return new PhoenixGuest(vmid, name, type, at, bridge, address, cidr, gateway, nameservers, mac, serviceName, firewall, s, c,
                stacks, publicInterface, secondary);
    }
}
