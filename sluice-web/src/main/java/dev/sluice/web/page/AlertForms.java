package dev.sluice.web.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.store.AlertRule;
import dev.sluice.web.view.AlertRuleForm;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * Between the alert rule form and the REST API's JSON body: the form edits the first webhook and the first
 * e-mail channel; any further channels of a rule made through the API are kept as they are.
 */
final class AlertForms {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertForms() {
    }

    /** The form showing a stored rule. */
    static AlertRuleForm of(AlertRule r) {
        JsonNode channels = channels(r.channelsJson());
        JsonNode hook = first(channels, "webhook");
        JsonNode mail = first(channels, "email");
        java.util.List<String> to = new java.util.ArrayList<>();
        mail.path("to").forEach(a -> to.add(a.asText()));
        return new AlertRuleForm(r.id(), r.name(), r.kind(), r.threshold() == 0 ? "" : number(r.threshold()),
                Long.toString(r.windowSeconds() / 60), r.taskName().orElse(""),
                Long.toString(r.cooldownSeconds() / 60), r.enabled(), hook.path("url").asText(""),
                hook.path("format").asText("json"), hook.hasNonNull("secret"), String.join(", ", to));
    }

    /** The form as sent. */
    static AlertRuleForm read(Web.Ctx ctx, String id) {
        return new AlertRuleForm(id, ctx.field("name").orElse(""), ctx.field("kind").orElse(""),
                ctx.field("threshold").orElse(""), ctx.field("window").orElse("60"), ctx.field("taskName").orElse(""),
                ctx.field("cooldown").orElse("60"), ctx.field("enabled").isPresent(), ctx.field("webhookUrl").orElse(""),
                ctx.field("webhookFormat").orElse("json"), false, ctx.field("emailTo").orElse(""));
    }

    /**
     * The REST body for {@code form}; {@code stored} is the rule being replaced (its webhook secret is kept when
     * the secret field is left blank, and its other channels are kept).
     */
    static String body(AlertRuleForm form, String newSecret, java.util.Optional<AlertRule> stored) {
        ObjectNode b = JSON.createObjectNode();
        b.put("name", form.name().isBlank() ? AlertRuleForm.label(form.kind()) : form.name());
        b.put("kind", form.kind());
        if (!form.threshold().isBlank()) {
            b.put("threshold", decimal(form.threshold(), "Threshold"));
        }
        b.put("windowSeconds", minutes(form.windowMinutes(), "Window") * 60);
        b.put("cooldownSeconds", minutes(form.cooldownMinutes(), "Cooldown") * 60);
        if (!form.taskName().isBlank()) {
            b.put("taskName", form.taskName());
        }
        b.put("enabled", form.enabled());
        JsonNode old = stored.map(r -> channels(r.channelsJson())).orElse(JSON.createArrayNode());
        ArrayNode channels = b.putArray("channels");
        if (!form.webhookUrl().isBlank()) {
            ObjectNode hook = channels.addObject().put("type", "webhook").put("url", form.webhookUrl())
                    .put("format", form.webhookFormat());
            JsonNode was = first(old, "webhook");
            if (!newSecret.isBlank()) {
                hook.put("secret", newSecret);
            } else if (was.hasNonNull("secret")) {
                hook.set("secret", was.get("secret"));
            }
        }
        if (!form.emailTo().isBlank()) {
            ArrayNode to = channels.addObject().put("type", "email").putArray("to");
            Arrays.stream(form.emailTo().split("[,\\s]+")).filter(a -> !a.isBlank()).forEach(to::add);
        }
        if (channels.isEmpty() && old.isEmpty()) {
            throw new IllegalArgumentException("Give a webhook URL or e-mail addresses: where should alerts go?");
        }
        boolean seenHook = false;
        boolean seenMail = false;
        for (JsonNode c : old) {
            String type = c.path("type").asText();
            if (type.equals("webhook") && !seenHook) {
                seenHook = true;
            } else if (type.equals("email") && !seenMail) {
                seenMail = true;
            } else {
                channels.add(c); // a channel the form does not show
            }
        }
        return b.toString();
    }

    private static JsonNode channels(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            return n != null && n.isArray() ? n : JSON.createArrayNode();
        } catch (IOException e) {
            return JSON.createArrayNode();
        }
    }

    private static JsonNode first(JsonNode channels, String type) {
        for (JsonNode c : channels) {
            if (c.path("type").asText().equals(type)) {
                return c;
            }
        }
        return JSON.createObjectNode();
    }

    private static String number(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static BigDecimal decimal(String text, String what) {
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a number.");
        }
    }

    private static long minutes(String text, String what) {
        try {
            long m = Long.parseLong(text.strip());
            if (m >= 0 && m <= 43_200) {
                return m;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException(what + " must be a whole number of minutes from 0 to 43200.");
    }
}
