package ai.thinkheads.droptrace.core.verdict;

import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One version of a node's firewall configuration as published to the compacted {@code rulesets}
 * topic, keyed by {@link #node()}: the correlator compiles a rule tracer from it. {@code version}
 * comes first in the JSON so a reader can tell a new version from the one it has without reading
 * the whole ruleset.
 *
 * @param version the content hash of {@code ruleset} (16 hex digits of its SHA-256): the same files
 *     give the same version
 * @param node the node whose firewall this is (the record key)
 * @param publishedAt when it was published
 * @param source where it was read from ({@code /etc/pve})
 */
public record PublishedRuleset(String version, int schema, String node, Instant publishedAt, String source,
        Ruleset ruleset) {

    public static final int SCHEMA_VERSION = 1;

    public PublishedRuleset {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(publishedAt, "publishedAt");
        Objects.requireNonNull(ruleset, "ruleset");
    }

    public static PublishedRuleset of(Ruleset ruleset, Instant publishedAt, String source) {
        return new PublishedRuleset(versionOf(ruleset), SCHEMA_VERSION, ruleset.node(), publishedAt, source, ruleset);
    }

    /** The content hash of a ruleset: 16 hex digits of the SHA-256 of its JSON form. */
    public static String versionOf(Ruleset ruleset) {
        try {
            byte[] json = Json.events().writeValueAsString(ruleset).getBytes(StandardCharsets.UTF_8);
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(json);
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a ruleset as JSON", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
