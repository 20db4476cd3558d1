package ai.thinkheads.droptrace.ingest.time;

/**
 * Date arithmetic for the hot path: epoch seconds from calendar fields without building
 * {@code LocalDateTime}s, and month names read in place.
 */
public final class CivilTime {

    private CivilTime() {
    }

    /**
     * Seconds since the epoch of a UTC calendar time; {@code Long.MIN_VALUE} when a field is out
     * of range (day 31 of a 30-day month, hour 24, ...).
     */
    public static long epochSecond(int year, int month, int day, int hour, int minute, int second) {
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59
                || second > 60 || hour < 0 || minute < 0 || second < 0) {
            return Long.MIN_VALUE;
        }
        return daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + Math.min(second, 59);
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    public static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = (y >= 0 ? y : y - 399) / 400;
        int yoe = y - era * 400;
        int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097L + doe - 719_468L;
    }

    public static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** The month number of an English three-letter month name at {@code at} ({@code Jan}..{@code Dec}), or -1. */
    public static int month(CharSequence s, int at) {
        if (at + 3 > s.length()) {
            return -1;
        }
        int code = s.charAt(at) << 16 | s.charAt(at + 1) << 8 | s.charAt(at + 2);
        return switch (code) {
            case 'J' << 16 | 'a' << 8 | 'n' -> 1;
            case 'F' << 16 | 'e' << 8 | 'b' -> 2;
            case 'M' << 16 | 'a' << 8 | 'r' -> 3;
            case 'A' << 16 | 'p' << 8 | 'r' -> 4;
            case 'M' << 16 | 'a' << 8 | 'y' -> 5;
            case 'J' << 16 | 'u' << 8 | 'n' -> 6;
            case 'J' << 16 | 'u' << 8 | 'l' -> 7;
            case 'A' << 16 | 'u' << 8 | 'g' -> 8;
            case 'S' << 16 | 'e' << 8 | 'p' -> 9;
            case 'O' << 16 | 'c' << 8 | 't' -> 10;
            case 'N' << 16 | 'o' << 8 | 'v' -> 11;
            case 'D' << 16 | 'e' << 8 | 'c' -> 12;
            default -> -1;
        };
    }

    /** Whether {@code count} ASCII letters stand at {@code at} (a weekday's abbreviation, {@code Thu}). */
    public static boolean letters(CharSequence s, int at, int count) {
        if (at < 0 || at + count > s.length()) {
            return false;
        }
        for (int k = at; k < at + count; k++) {
            char c = s.charAt(k);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }

    /** The value of {@code count} decimal digits at {@code at}, or -1 when one is not a digit. */
    public static int digits(CharSequence s, int at, int count) {
        if (at < 0 || at + count > s.length()) {
            return -1;
        }
        int v = 0;
        for (int k = at; k < at + count; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
