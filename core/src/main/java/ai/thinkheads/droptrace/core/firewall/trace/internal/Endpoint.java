package ai.thinkheads.droptrace.core.firewall.trace.internal;

import ai.thinkheads.droptrace.core.inventory.Nic;

/**
 * One end of the traced path, resolved against the configuration.
 *
 * @param guest the guest and its chains (for {@link Kind#GUEST}), else {@code null}
 * @param nic the guest's NIC, else {@code null}
 * @param bridge the bridge the endpoint is on (the host: {@code null}; its loopback address: {@code lo})
 * @param zone the zone as text ({@code ct101}, {@code outside})
 */
record Endpoint(Kind kind, GuestChains guest, Nic nic, String bridge, String zone) {

    enum Kind { HOST, OUTSIDE, GUEST, BRIDGE_PORT }

    boolean sameAs(Endpoint o) {
        if (kind != o.kind) {
            return false;
        }
        return switch (kind) {
            // its loopback address (bridge "lo") is another end of the host: what it sends to 127.0.0.1 passes lo
            case HOST -> bridge == null && o.bridge == null;
            case OUTSIDE -> true;
            case GUEST -> guest.guest().vmid() == o.guest.guest().vmid() && nic.index() == o.nic.index();
            case BRIDGE_PORT -> zone.equals(o.zone);
        };
    }
}
