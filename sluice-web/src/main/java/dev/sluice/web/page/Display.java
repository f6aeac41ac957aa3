package dev.sluice.web.page;

/** Small display helpers templates call. */
public final class Display {

    private Display() {
    }

    /** The e-mail addresses of a stored assignee JSON array, comma separated. */
    public static String assignees(String json) {
        return TaskPages.assignees(json);
    }
}
