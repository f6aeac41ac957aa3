package dev.sluice.server.rest;

import java.util.regex.Pattern;

/** Project names appear in URLs and CLI arguments, so they are kept URL-safe. */
public final class Names {

    /** The rule, as told to users. */
    public static final String RULE = "project names are 1-64 characters of a-z, A-Z, 0-9, '.', '_' or '-'";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Names() {
    }

    /** Whether {@code name} is a valid project name. */
    public static boolean valid(String name) {
        return VALID.matcher(name).matches();
    }
}
