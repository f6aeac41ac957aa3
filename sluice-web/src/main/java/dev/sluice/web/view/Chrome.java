package dev.sluice.web.view;

import java.util.List;

/**
 * What every page's frame shows: the title, the active section, the project switcher, the CSRF token for
 * forms, who is logged in and whether they are an admin (who sees every project and may change settings).
 *
 * @param nowMillis the request's time, for "3 min ago" labels
 */
public record Chrome(String title, String section, List<String> projects, String project, String csrf,
                     String principal, long nowMillis, boolean admin) {

    public Chrome {
        projects = List.copyOf(projects);
    }

    /** The same frame with another title. */
    public Chrome titled(String t) {
        return new Chrome(t, section, projects, project, csrf, principal, nowMillis, admin);
    }

    /** "3 min ago" for an epoch-millisecond time. */
    public String ago(long millis) {
        return Fmt.ago(nowMillis - millis);
    }
}
