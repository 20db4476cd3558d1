package ai.thinkheads.droptrace.core.event;

/** Which firewall implementation wrote a line. */
public enum Backend {
    /** pve-firewall (Perl, iptables): chains like {@code PVEFW-HOST-IN}, {@code tap100i0-IN}. */
    IPTABLES,
    /** proxmox-firewall (Rust, nftables): chains like {@code guest-100-in}, {@code cluster-in}. */
    NFTABLES,
    /** A kernel netfilter LOG line or an NFLOG prefix not written by either backend. */
    KERNEL
}
