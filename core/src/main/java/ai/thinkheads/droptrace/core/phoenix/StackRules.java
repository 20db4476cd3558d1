package ai.thinkheads.droptrace.core.phoenix;

import java.util.List;
import java.util.Objects;

/**
 * The {@code firewall_rules} of one environment of a stack ({@code stacks/<stack>/phoenix.json}
 * {@code .environments.<env>.firewall_rules}), merged into the {@code .fw} file of the VM that deploys it.
 */
public record StackRules(String stack, String environment, int vmid, JsonLocation at, String rulesPath,
        List<PhoenixRule> rules) {

    public StackRules {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(rulesPath, "rulesPath");
        rules = List.copyOf(rules);
    }

    public StackRules withRules(List<PhoenixRule> replacement) {
        return new StackRules(stack, environment, vmid, at, rulesPath, replacement);
    }
}
