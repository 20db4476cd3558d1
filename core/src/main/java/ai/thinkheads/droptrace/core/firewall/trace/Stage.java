package ai.thinkheads.droptrace.core.firewall.trace;

import ai.thinkheads.droptrace.core.event.Action;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * One chain on the packet's path and what it did.
 *
 * @param chain the iptables chain ({@code PVEFW-HOST-IN}, {@code tap100i0-OUT}, {@code PVEFW-FWBR-IN})
 * @param role what the chain is for ({@code guest 101 out}, {@code host in})
 * @param action what the chain did; ACCEPT also for a chain that let the packet continue
 * @param steps every rule considered, when asked for ({@code --verbose}); empty otherwise
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Stage(String chain, String role, Action action, Decider decidedBy, List<Step> steps) {

    public Stage {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(action, "action");
        steps = steps == null ? List.of() : List.copyOf(steps);
    }
}
