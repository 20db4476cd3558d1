package ai.thinkheads.droptrace.cli.common;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a point in time in ISO-8601, with {@code Z} or an offset ({@code 2025-11-20T14:00:00Z}, {@code ...-05:00}), or
 * as RFC 3339 also writes it, with a space between date and time ({@code date --rfc-3339=seconds}).
 */
public final class InstantConverter implements ITypeConverter<Instant> {

    @Override
    public Instant convert(String text) {
        String written = rfc3339(text.trim());
        try {
            return OffsetDateTime.parse(written).toInstant();
        } catch (DateTimeParseException e) {
            String local = withoutZone(written);
            if (local != null) { // which zone it meant is not known: the operator's, the log's, UTC
                throw new TypeConversionException("'" + text + "' has no zone offset: write " + local + "Z for UTC, "
                        + "or add the offset of its zone, like " + local + "-05:00");
            }
            throw new TypeConversionException("'" + text + "' is not a time; write it in ISO-8601 like "
                    + "2025-11-20T14:00:00Z or 2025-11-20T09:00:00-05:00");
        }
    }

    /** {@code text} with a space between date and time as a {@code T}, which RFC 3339 allows for readability. */
    private static String rfc3339(String text) {
        return text.length() > 11 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
    }

    /** A date and time, or a date, without a zone, written as the ISO-8601 local time it is; else {@code null}. */
    private static String withoutZone(String text) {
        try {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.parse(text));
        } catch (DateTimeParseException e) {
            try {
                return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDate.parse(text).atStartOfDay());
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
