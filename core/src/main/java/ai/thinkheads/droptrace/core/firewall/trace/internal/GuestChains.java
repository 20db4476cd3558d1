package ai.thinkheads.droptrace.core.firewall.trace.internal;

import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.inventory.Guest;
import ai.thinkheads.droptrace.core.inventory.Nic;
import java.util.Map;

/**
 * A guest and its compiled chains.
 *
 * @param file its {@code .fw} file, or {@code null} when there is none
 * @param enabled true when pve-firewall builds chains for it ({@code enable: 1})
 * @param disabledReason why it has no chains, or {@code null}
 * @param nics NIC index to its chains; only NICs with {@code firewall=1} of an enabled guest
 */
public record GuestChains(Guest guest, FwFile file, boolean enabled, String disabledReason, Map<Integer, NicChains> nics) {

    /** The IN and OUT chains of one NIC. */
    public record NicChains(Nic nic, Chain in, Chain out) {
    }

    public GuestChains {
        nics = Map.copyOf(nics);
    }
}
