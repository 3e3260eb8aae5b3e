package dev.questlog.apps;

import java.util.regex.Pattern;

/** The rule for app names: {@code [a-z0-9][a-z0-9_-]{0,63}} (they appear in paths and partition names). */
public final class AppNames {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private AppNames() {
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Returns the name, or throws with the offending value and the rule. */
    public static String require(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("app name must match [a-z0-9][a-z0-9_-]{0,63}, was '" + name + "'");
        }
        return name;
    }
}
