package ai.thinkheads.droptrace.core.phoenix;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * The hypervisor as {@code phoenix_hypervisor_config.json} describes it.
 *
 * @param name the node name (not in the JSON: given, or {@code phoenix})
 * @param addresses its own addresses: {@code network.interfaces.address}, and the gateway of
 *     {@code network.internal_bridge} when there is one
 * @param networks the site's networks ({@code network.interfaces.address} as a network,
 *     {@code default_subnet}, {@code internal_bridge.subnet})
 * @param nameservers {@code network.interfaces.dns_nameservers}
 * @param dnsServer {@code dns_server.enabled}: the host runs dnsmasq for the guests
 * @param stepCa the {@code step_ca} settings, {@code null} when absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PhoenixHost(String name, List<String> addresses, List<String> networks, String bridge, String gateway,
        List<String> nameservers, String domain, boolean dnsServer, String nfsServer, StepCaSettings stepCa) {

    /** The {@code step_ca} section. */
    public record StepCaSettings(String rootName, String intermediateName, String dnsName, String provisioner) {
    }

    public PhoenixHost {
        Objects.requireNonNull(name, "name");
        addresses = List.copyOf(addresses);
        networks = List.copyOf(networks);
        nameservers = List.copyOf(nameservers);
    }

    /** The first address, or {@code null}. */
    public String address() {
        return addresses.isEmpty() ? null : addresses.get(0);
    }
}
