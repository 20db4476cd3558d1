package ai.thinkheads.droptrace.core.firewall.lint;

/** How much a finding matters: errors are lines pve-firewall drops; warnings are rules that do not do what they seem to. */
public enum Severity {
    ERROR,
    WARNING,
    INFO
}
