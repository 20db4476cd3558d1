package ai.thinkheads.droptrace.streams.state;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.Packet;

/** The text labels state is grouped by: ports ({@code tcp/8443}, {@code icmp}) and chains ({@code 101/veth101i0-IN}). */
public final class Labels {

    private Labels() {
    }

    /** {@code tcp/8443} for a protocol with a destination port, the protocol alone otherwise. */
    public static String port(FirewallEvent event) {
        Packet packet = event.packet();
        String protocol = packet.protocolKey();
        return packet.destinationPort() == null ? protocol : protocol + "/" + packet.destinationPort();
    }

    /** {@code vmid/chain}: the chain together with the guest whose firewall holds it (0 for the host). */
    public static String chain(FirewallEvent event) {
        return event.vmid() + "/" + event.chain();
    }

    /** The protocol part of a port label: {@code tcp} for {@code tcp/8443}. */
    public static String protocolOfPort(String portLabel) {
        int slash = portLabel.indexOf('/');
        return slash < 0 ? portLabel : portLabel.substring(0, slash);
    }
}
