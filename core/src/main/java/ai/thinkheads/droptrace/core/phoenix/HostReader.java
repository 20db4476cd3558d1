package ai.thinkheads.droptrace.core.phoenix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads the hypervisor part of {@code phoenix_hypervisor_config.json}: network, DNS, domain, Step-CA. */
final class HostReader {

    private HostReader() {
    }

    static PhoenixHost read(JsonNode root, String name) {
        JsonNode network = root.path("network");
        JsonNode iface = network.path("interfaces");
        List<String> addresses = new ArrayList<>();
        List<String> networks = new ArrayList<>();
        String cidr = JsonDocument.text(iface, "address");
        add(addresses, Addresses.hostPart(cidr));
        add(networks, Addresses.networkOf(cidr));
        add(networks, Addresses.networkOf(JsonDocument.text(network, "default_subnet")));
        JsonNode internal = network.path("internal_bridge");
        if (internal.isObject()) {
            String subnet = JsonDocument.text(internal, "subnet");
            add(networks, Addresses.networkOf(subnet));
            String own = Addresses.hostPart(JsonDocument.text(internal, "address"));
            if (own == null) {
                own = Addresses.hostPart(JsonDocument.text(internal, "gateway"));
            }
            // The host is the gateway of its internal bridge; the config names only the subnet.
            add(addresses, own != null ? own : Addresses.firstHost(Addresses.networkOf(subnet)));
        }
        List<String> nameservers = new ArrayList<>();
        iface.path("dns_nameservers").forEach(n -> add(nameservers, Addresses.hostPart(n.asText())));
        PhoenixHost.StepCaSettings stepCa = null;
        JsonNode ca = root.path("step_ca");
        if (ca.isObject()) {
            stepCa = new PhoenixHost.StepCaSettings(JsonDocument.text(ca, "root_ca_name"),
                    JsonDocument.text(ca, "intermediate_ca_name"), JsonDocument.text(ca, "dns_name"),
                    JsonDocument.text(ca, "provisioner_name"));
        }
        return new PhoenixHost(name, addresses, networks, JsonDocument.text(iface, "name"),
                Addresses.hostPart(JsonDocument.text(iface, "gateway")), nameservers, JsonDocument.text(root, "domain_name"),
                root.path("dns_server").path("enabled").asBoolean(false),
                Addresses.hostPart(JsonDocument.text(network, "nfs_server")), stepCa);
    }

    private static void add(List<String> list, String value) {
        if (value != null && !list.contains(value)) {
            list.add(value);
        }
    }
}
