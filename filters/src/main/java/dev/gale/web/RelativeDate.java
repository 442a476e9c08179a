package dev.gale.web;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tornado's {@code Locale.format_date} in UTC: "3 minutes ago", "yesterday at 1:22 pm", "Monday at 9:05 am",
 * "March 3 at 14:00", "January 2, 2020 at 3:04 pm", each phrase translated through the locale's CSV file with the
 * messages Tornado uses, so an application's translations carry over.
 */
final class RelativeDate {
    private static final String[] MONTHS = {
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December"
    };
    private static final String[] WEEKDAYS = {
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"
    };
    private static final Pattern PLACEHOLDER = Pattern.compile("%\\((\\w+)\\)[sd]");

    private RelativeDate() {}

    static String format(Translation locale, Instant date, Instant now) {
        if (date.isAfter(now)) {
            if (Duration.between(now, date).toSeconds() >= 60) {
                return full(locale, date);
            }
            date = now;
        }
        Duration ago = Duration.between(date, now);
        long days = ago.toDays();
        long seconds = ago.minusDays(days).toSeconds();
        LocalDateTime local = LocalDateTime.ofInstant(date, ZoneOffset.UTC);
        LocalDateTime yesterday = LocalDateTime.ofInstant(now, ZoneOffset.UTC).minusDays(1);
        String format;
        if (days == 0) {
            if (seconds < 50) {
                return fill(locale.translate("1 second ago", "%(seconds)d seconds ago", seconds), "seconds", seconds);
            }
            if (seconds < 50 * 60) {
                long minutes = Math.round(seconds / 60.0);
                return fill(locale.translate("1 minute ago", "%(minutes)d minutes ago", minutes), "minutes", minutes);
            }
            long hours = Math.round(seconds / 3600.0);
            return fill(locale.translate("1 hour ago", "%(hours)d hours ago", hours), "hours", hours);
        } else if (days == 1 && local.getDayOfMonth() == yesterday.getDayOfMonth()) {
            format = "yesterday at %(time)s";
        } else if (days < 5) {
            format = "%(weekday)s at %(time)s";
        } else if (days < 334) {
            format = "%(month_name)s %(day)s at %(time)s";
        } else {
            return full(locale, date);
        }
        return substitute(locale, locale.translate(format), local);
    }

    private static String full(Translation locale, Instant date) {
        return substitute(
                locale,
                locale.translate("%(month_name)s %(day)s, %(year)s at %(time)s"),
                LocalDateTime.ofInstant(date, ZoneOffset.UTC));
    }

    private static String substitute(Translation locale, String format, LocalDateTime date) {
        Map<String, String> values = Map.of(
                "month_name", locale.translate(MONTHS[date.getMonthValue() - 1]),
                "weekday", locale.translate(WEEKDAYS[date.getDayOfWeek().getValue() - 1]),
                "day", Integer.toString(date.getDayOfMonth()),
                "year", Integer.toString(date.getYear()),
                "time", time(locale.code(), date));
        Matcher placeholder = PLACEHOLDER.matcher(format);
        return placeholder.replaceAll(m -> Matcher.quoteReplacement(values.getOrDefault(m.group(1), m.group())));
    }

    /** The clock Tornado uses for the locale: 12-hour for English, with 上午/下午 for Chinese, else 24-hour. */
    private static String time(String code, LocalDateTime date) {
        int hour = date.getHour();
        int twelve = hour % 12 == 0 ? 12 : hour % 12;
        String minute = String.format("%02d", date.getMinute());
        return switch (code) {
            case "en", "en_US" -> twelve + ":" + minute + (hour >= 12 ? " pm" : " am");
            case "zh_CN" -> (hour >= 12 ? "下午" : "上午") + twelve + ":" + minute;
            default -> hour + ":" + minute;
        };
    }

    private static String fill(String format, String name, long value) {
        return format.replace("%(" + name + ")d", Long.toString(value));
    }
}
