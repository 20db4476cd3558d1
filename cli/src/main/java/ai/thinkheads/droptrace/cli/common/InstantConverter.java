package ai.thinkheads.droptrace.cli.common;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a point in time in ISO-8601, with {@code Z} or an offset ({@code 2025-11-20T14:00:00Z}, {@code ...-05:00}). */
public final class InstantConverter implements ITypeConverter<Instant> {

    @Override
    public Instant convert(String text) {
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + text + "' is not a time; write it in ISO-8601 like "
                    + "2025-11-20T14:00:00Z or 2025-11-20T09:00:00-05:00");
        }
    }
}
