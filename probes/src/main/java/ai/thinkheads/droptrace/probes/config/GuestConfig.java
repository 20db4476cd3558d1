package ai.thinkheads.droptrace.probes.config;

import ai.thinkheads.droptrace.core.inventory.Guest;
import ai.thinkheads.droptrace.core.inventory.GuestType;
import ai.thinkheads.droptrace.core.inventory.Nic;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One guest: vmid, name, type and addresses, and optionally its own argv prefix to run commands
 * inside it (otherwise the prefix of its type from {@code exec.prefixes}).
 */
public record GuestConfig(int vmid, String name, String type, String node, List<String> addresses, String bridge,
        List<String> exec) {

    public GuestConfig {
        if (vmid < 100 || vmid > 999_999_999) {
            throw new IllegalArgumentException("vmid must be 100-999999999, was " + vmid);
        }
        Objects.requireNonNull(name, "name is required");
        if (!Names.isLabelSet(name)) {
            throw new IllegalArgumentException("guest name '" + name + "' is not a host name (" + Names.LABEL_SET_CHARACTERS
                    + "): " + Names.labelSetProblem(name));
        }
        Objects.requireNonNull(type, "type is required (lxc or qemu)");
        type = type.toLowerCase(Locale.ROOT);
        if (!type.equals("lxc") && !type.equals("qemu")) {
            throw new IllegalArgumentException("type must be lxc or qemu, was '" + type + "'");
        }
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        addresses.forEach(Names::requireAddress);
        exec = exec == null ? null : List.copyOf(exec);
    }

    public GuestType guestType() {
        return type.equals("lxc") ? GuestType.LXC : GuestType.QEMU;
    }

    /** The core inventory view: one NIC ({@code net0}) carrying the addresses. */
    public Guest toGuest() {
        return new Guest(vmid, name, guestType(), node, List.of(new Nic(0, bridge, true, null, addresses)));
    }
}
