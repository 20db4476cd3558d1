package ai.thinkheads.droptrace.probes.config;

import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.EXEC_FAILED;
import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.EXEC_OK;
import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.EXPECTATION_FAILED;
import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.EXPIRED;
import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.FILE_INVALID;
import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.FILE_MISMATCH;
import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.FILE_MISSING;
import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.FILE_OK;
import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.HANDSHAKE_FAILED;
import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.HANDSHAKE_TIMEOUT;
import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.HOSTNAME_MISMATCH;
import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.HTTP_OK;
import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.HTTP_UNEXPECTED;
import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.INCOMPLETE_CHAIN;
import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.NOERROR;
import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.NOT_YET_VALID;
import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.NO_REPLY;
import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.NXDOMAIN;
import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.OPEN;
import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.REFUSED;
import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.REPLY;
import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.RESPONSE_TIMEOUT;
import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.SERVFAIL;
import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.TIMEOUT;
import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.TRUSTED;
import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.UNREACHABLE;
import static ai.thinkheads.droptrace.core.probe.ProbeOutcome.UNTRUSTED;

import ai.thinkheads.droptrace.core.probe.ProbeKind;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The outcomes each kind of probe can end in (the taxonomy of docs/probes.md; ERROR for all), so that an
 * {@code expect} no run can ever meet - {@code TIMEOUT} for a udp probe, which says {@code NO_REPLY} - is an
 * error when the configuration loads instead of a probe that fails for ever.
 */
final class KindOutcomes {

    private KindOutcomes() {
    }

    static Set<ProbeOutcome> of(ProbeKind kind) {
        Set<ProbeOutcome> tls = EnumSet.of(TIMEOUT, REFUSED, UNREACHABLE, HANDSHAKE_TIMEOUT, HANDSHAKE_FAILED, UNTRUSTED,
                INCOMPLETE_CHAIN, EXPIRED, NOT_YET_VALID, HOSTNAME_MISMATCH);
        Set<ProbeOutcome> outcomes = switch (kind) {
            case TCP -> EnumSet.of(OPEN, REFUSED, TIMEOUT, UNREACHABLE);
            case UDP -> EnumSet.of(REPLY, REFUSED, UNREACHABLE, NO_REPLY);
            case DNS -> EnumSet.of(NOERROR, NXDOMAIN, SERVFAIL, TIMEOUT, REFUSED, UNREACHABLE, EXPECTATION_FAILED);
            case TLS -> with(tls, TRUSTED);
            case HTTP -> with(with(with(with(tls, HTTP_OK), HTTP_UNEXPECTED), EXPECTATION_FAILED), RESPONSE_TIMEOUT);
            case EXEC -> EnumSet.of(EXEC_OK, EXEC_FAILED);
            case FILE -> EnumSet.of(FILE_OK, FILE_MISMATCH, FILE_MISSING, FILE_INVALID);
        };
        outcomes.add(ProbeOutcome.ERROR);
        return outcomes;
    }

    /** Every expected outcome must be one the kind can end in. */
    static void requirePossible(ProbeKind kind, List<ProbeOutcome> expect) {
        Set<ProbeOutcome> possible = of(kind);
        for (ProbeOutcome outcome : expect) {
            if (!possible.contains(outcome)) {
                throw new IllegalArgumentException("expect: a " + kind.name().toLowerCase(Locale.ROOT) + " probe never ends in "
                        + outcome + "; its outcomes are " + possible.stream().map(Enum::name).collect(Collectors.joining(", ")));
            }
        }
    }

    private static Set<ProbeOutcome> with(Set<ProbeOutcome> set, ProbeOutcome one) {
        Set<ProbeOutcome> more = EnumSet.copyOf(set);
        more.add(one);
        return more;
    }
}
