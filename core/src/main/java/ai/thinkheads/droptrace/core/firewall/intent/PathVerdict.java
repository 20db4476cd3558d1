package ai.thinkheads.droptrace.core.firewall.intent;

import ai.thinkheads.droptrace.core.event.Action;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * The static answer for one must-work path.
 *
 * @param action what the firewall does with the path's first packet, {@code null} when it could not be traced
 * @param asExpected true when a must-work path is accepted, or a must-be-blocked path is not
 * @param decidedBy the deciding rule, policy or built-in rule, in one line
 * @param location the deciding {@code .fw} file:line (or the file, for a default policy)
 * @param declaredAt the Phoenix JSON the deciding line comes from, or {@code null}
 * @param fix for a blocked must-work path: the rules to add, in order (usually one)
 * @param fixVerified true when tracing again with {@code fix} added accepts the path
 * @param notes what the answer depends on (assumed addresses, why it could not be traced)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PathVerdict(MustWorkPath path, Action action, boolean asExpected, String decidedBy, String location,
        String declaredAt, List<ProposedRule> fix, boolean fixVerified, List<String> notes) {

    public PathVerdict {
        Objects.requireNonNull(path, "path");
        fix = fix == null ? List.of() : List.copyOf(fix);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /**
     * Where the answer was decided, in one line for a table: {@code rule firewall/102.fw:5}, {@code policy DROP
     * firewall/102.fw (default)}, followed by {@code <- } and the Phoenix JSON it comes from, if any.
     */
    public String decidedWhere() {
        if (decidedBy == null) {
            return notes.isEmpty() ? "-" : notes.get(0);
        }
        String kind = decidedBy.split(" ")[0];
        String where = location == null ? decidedBy
                : kind.equals("policy") ? "policy " + action + " " + location + (location.contains(":") ? "" : " (default)")
                : kind + " " + location;
        return where + (declaredAt == null ? "" : " <- " + declaredAt);
    }
}
