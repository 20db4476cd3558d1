package ai.thinkheads.droptrace.core.probe;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a TLS handshake showed: negotiated protocol and cipher, the chain the server presented, and
 * the verification of that chain against the probe's named trust anchor and against the system
 * store, reported separately.
 *
 * @param handshakeMillis time of the TLS handshake alone (after the TCP connect)
 * @param anchor the name of the trust anchor the outcome was decided against
 * @param anchorVerdict the verification result against {@code anchor}: an outcome name such as {@code TRUSTED}
 * @param systemVerdict the verification result against the system store, {@code null} if not checked
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TlsDetails(
        String protocol,
        String cipher,
        Long handshakeMillis,
        String serverName,
        List<CertificateSummary> chain,
        String anchor,
        String anchorVerdict,
        String systemVerdict) {

    public TlsDetails {
        chain = chain == null ? List.of() : List.copyOf(chain);
    }

    /** One presented certificate, leaf first. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CertificateSummary(
            String subject,
            String issuer,
            List<String> subjectAltNames,
            String serial,
            String notBefore,
            String notAfter,
            String sha256) {

        public CertificateSummary {
            subjectAltNames = subjectAltNames == null ? List.of() : List.copyOf(subjectAltNames);
        }
    }
}
