package ai.thinkheads.droptrace.core.inventory;

/** The two kinds of Proxmox guest. Their firewall device names differ: {@code veth} vs {@code tap}. */
public enum GuestType {
    /** An LXC container ({@code pct}, {@code /etc/pve/lxc/<vmid>.conf}, devices {@code veth<vmid>i<n>}). */
    LXC,
    /** A QEMU virtual machine ({@code qm}, {@code /etc/pve/qemu-server/<vmid>.conf}, devices {@code tap<vmid>i<n>}). */
    QEMU;

    /** The device prefix of this guest type's firewall chains and NICs. */
    public String devicePrefix() {
        return this == LXC ? "veth" : "tap";
    }

    /** The simulator's zone prefix: {@code ct} for containers, {@code vm} for VMs. */
    public String zonePrefix() {
        return this == LXC ? "ct" : "vm";
    }
}
